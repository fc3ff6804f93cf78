import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  ClusterDetails,
  kubernetesClusterSupplierExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import { SimulatedFleet } from '@miniplanes/kube-sim';
import { simulatedFleetServiceRef } from './simulatedFleetService';

/** The simulated clusters as Backstage's Kubernetes plugin reaches them (read-only token). */
export function kubernetesClusterDetails(
  fleet: SimulatedFleet,
): ClusterDetails[] {
  return fleet.clusters.map(c => ({
    name: c.name,
    title: c.name,
    url: c.url,
    caData: c.caData,
    authMetadata: {
      'kubernetes.io/auth-provider': 'serviceAccount',
      serviceAccountToken: c.readOnlyToken,
    },
  }));
}

/**
 * Adds the simulated fleet to the clusters the Kubernetes plugin locates, so
 * its entity tab shows the pods miniplanes put there.
 */
export const kubernetesSimulatedClustersModule = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'miniplanes-simulated-fleet',
  register(reg) {
    reg.registerInit({
      deps: {
        suppliers: kubernetesClusterSupplierExtensionPoint,
        fleet: simulatedFleetServiceRef,
      },
      async init({ suppliers, fleet }) {
        suppliers.addClusterSupplier(async ({ getDefault }) => {
          const located = await getDefault();
          return {
            async getClusters(options) {
              return [
                ...(await located.getClusters(options)),
                ...kubernetesClusterDetails(fleet),
              ];
            },
          };
        });
      },
    });
  },
});
