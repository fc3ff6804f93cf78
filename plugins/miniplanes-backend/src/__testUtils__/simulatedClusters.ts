import { SimulatedFleet } from '@miniplanes/kube-sim';
import { LocatedCluster } from '../fleet/types';
import { miniplanesModule } from './miniplanesModule';

/**
 * A backend module that supplies a simulated fleet's clusters (admin
 * tokens; HTTPS trusting their CAs, or plain HTTP) to miniplanes, as the
 * demo backend does, plus any extra clusters a test wants (e.g. one that
 * cannot be reached).
 */
export function simulatedClustersModule(
  sim: SimulatedFleet,
  extra: LocatedCluster[] = [],
) {
  return miniplanesModule('test-clusters', miniplanes =>
    miniplanes.addClusterSupplier({
      async getClusters() {
        return [...sim.clusters.map(locatedSimulatedCluster), ...extra];
      },
    }),
  );
}

/**
 * A kube-sim cluster as miniplanes locates it, with its admin token: over
 * HTTPS trusting its CA when given one, else plain HTTP.
 */
export function locatedSimulatedCluster(cluster: {
  name: string;
  url: string;
  adminToken: string;
  caData?: string;
}): LocatedCluster {
  return {
    name: cluster.name,
    connection: {
      name: cluster.name,
      url: cluster.url,
      token: cluster.adminToken,
      ...(cluster.caData
        ? { caData: cluster.caData }
        : { skipTLSVerify: true }),
    },
  };
}
