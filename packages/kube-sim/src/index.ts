/**
 * kube-sim: simulated Kubernetes clusters that real clients (kubectl,
 * `@kubernetes/client-node`, python-kubernetes, Backstage) accept.
 *
 * @packageDocumentation
 */
export { SimulatedCluster } from './SimulatedCluster';
export type { SimulatedClusterOptions } from './SimulatedCluster';
export type { FaultSpec } from './faults/FaultSpec';
export {
  SimulatedFleet,
  startFleet,
  startFleetFromText,
  clusterOptionsFromFleet,
} from './fleet';
export type { StartFleetOptions } from './fleet';
export type {
  ConnectionDropFault,
  ErrorFault,
  LatencyFault,
  OutageMode,
} from './faults/FaultInjector';
export type { WriteRecord } from './operations/writeLog';
export type { NodePoolSpec } from './nodes';
export type { SimulatedOperator } from './operators/SimulatedOperator';
export type {
  FieldsV1,
  KubeObject,
  ManagedFieldsEntry,
  ObjectMeta,
  OwnerReference,
} from './kube/types';
