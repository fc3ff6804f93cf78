import { createBackendModule } from '@backstage/backend-plugin-api';
import { SimulatedFleet } from '@miniplanes/kube-sim';
import { miniplanesExtensionPoint } from '../extensionPoints';
import { LocatedCluster } from '../fleet/types';

/**
 * A backend module that supplies a simulated fleet's clusters (plain HTTP,
 * admin tokens) to miniplanes, as the demo backend does, plus any extra
 * clusters a test wants (e.g. one that cannot be reached).
 */
export function simulatedClustersModule(
  sim: SimulatedFleet,
  extra: LocatedCluster[] = [],
) {
  return createBackendModule({
    pluginId: 'miniplanes',
    moduleId: 'test-clusters',
    register(reg) {
      reg.registerInit({
        deps: { miniplanes: miniplanesExtensionPoint },
        async init({ miniplanes }) {
          miniplanes.addClusterSupplier({
            async getClusters() {
              return [
                ...sim.clusters.map(c => ({
                  name: c.name,
                  connection: {
                    name: c.name,
                    url: c.url,
                    token: c.adminToken,
                    skipTLSVerify: true,
                  },
                })),
                ...extra,
              ];
            },
          });
        },
      });
    },
  });
}
