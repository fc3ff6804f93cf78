export { simulatedFleetServiceFactory } from './simulatedFleetService';
export { kubernetesSimulatedClustersModule } from './kubernetesSimulatedClusters';
export { miniplanesSimulatedClustersModule } from './miniplanesSimulatedClusters';
