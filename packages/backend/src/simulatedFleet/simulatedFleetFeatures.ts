import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { kubernetesSimulatedClustersModule } from './kubernetesSimulatedClusters';
import { miniplanesSimulatedClustersModule } from './miniplanesSimulatedClusters';
import { simulatedFleetServiceFactory } from './simulatedFleetService';

/**
 * The demo's embedded fleet, given to miniplanes and to the Kubernetes
 * plugin, when `miniplanes.simulator.enabled` is true; nothing otherwise, so
 * a backend with real clusters has no dependency on it.
 */
export const simulatedFleetFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (!config.getOptionalBoolean('miniplanes.simulator.enabled')) return;
    yield simulatedFleetServiceFactory;
    yield kubernetesSimulatedClustersModule;
    yield miniplanesSimulatedClustersModule;
  },
});
