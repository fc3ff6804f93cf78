import { createBackendModule } from '@backstage/backend-plugin-api';
import { miniplanesExtensionPoint } from '@miniplanes/plugin-miniplanes-backend';
import { simulatedFleetServiceRef } from './simulatedFleetService';

/** Gives miniplanes the simulated clusters with their admin (write) tokens. */
export const miniplanesSimulatedClustersModule = createBackendModule({
  pluginId: 'miniplanes',
  moduleId: 'simulated-fleet',
  register(reg) {
    reg.registerInit({
      deps: {
        miniplanes: miniplanesExtensionPoint,
        fleet: simulatedFleetServiceRef,
      },
      async init({ miniplanes, fleet }) {
        miniplanes.addClusterSupplier({
          async getClusters() {
            return fleet.clusters.map(c => ({
              name: c.name,
              connection: {
                name: c.name,
                url: c.url,
                caData: c.caData,
                token: c.adminToken,
              },
            }));
          },
        });
      },
    });
  },
});
