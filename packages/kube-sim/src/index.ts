/**
 * kube-sim: simulated Kubernetes clusters that real clients (kubectl,
 * `@kubernetes/client-node`, python-kubernetes, Backstage) accept.
 *
 * @packageDocumentation
 */
export { SimulatedCluster } from './SimulatedCluster';
export type { SimulatedClusterOptions, FaultSpec } from './SimulatedCluster';
export {
  SimulatedFleet,
  startFleet,
  startFleetFromText,
  clusterOptionsFromFleet,
} from './fleet';
export type { StartFleetOptions } from './fleet';
export type { ErrorFault, LatencyFault, OutageMode } from './faults';
export type { WriteRecord } from './api/Operations';
export type { NodePoolSpec } from './nodes';
