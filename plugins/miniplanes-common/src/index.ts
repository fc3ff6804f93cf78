/**
 * The miniplanes federation model: documents, validation and the placement
 * engine, free of I/O; the REST API's wire types; and the typed client of
 * that API, generated from its OpenAPI document. Isomorphic, shared by the
 * backend, the frontend, the scaffolder module and the CLI.
 *
 * @packageDocumentation
 */

/**
 * The id of the miniplanes plugin, its API's mount path under /api.
 *
 * @public
 */
export const MINIPLANES_PLUGIN_ID = 'miniplanes';

export * from './permissions';
export * from './model/types';
export {
  federatedServiceSchema,
  fleetFileSchema,
  fleetFileClusterSchema,
  governancePolicySchema,
  labelSelectorSchema,
  overrideSchema,
  resourceRoleSchema,
  taintEffectSchema,
  taintSchema,
  tolerationSchema,
} from './model/schemas';
export { parseFederatedService, parseFleetFile } from './model/parse';
export { formatValidationIssues, formatPath } from './model/issues';
export type { ValidationIssue, ParseResult } from './model/issues';
export { parseQuantity } from './model/quantity';
export { immutableFieldChanges } from './model/immutableFields';
export type {
  ImmutableFieldChange,
  ManifestFields,
} from './model/immutableFields';
export { makesStorageClaims, storageClaimIssues } from './model/storageClaims';
export type { StorageClaimIssue } from './model/storageClaims';
export { fleetFromFile } from './model/fleet';
export { matchesSelector, explainSelectorMismatch } from './model/selectors';
export { tolerates, formatTaint, untoleratedTaints } from './model/taints';
export { formatCount } from './model/formatCount';
export { expandJurisdictions } from './model/jurisdictions';
export * from './placement/types';
export { evaluatePlacement } from './placement/evaluatePlacement';
export { divideReplicas } from './placement/divideReplicas';
export { dataClustersOf } from './placement/pinData';
export { dataJurisdictionRefusals } from './placement/dataRules';
export { createPlacementEvaluator } from './placement/placementEvaluator';
export type { PlacementEvaluator } from './placement/placementEvaluator';
export { CompactDecision } from './placement/compactDecision';
export type { ClusterPlacement, Rejection } from './placement/compactDecision';
export * as placementPlugins from './placement/builtinPlugins';
export { renderClusterManifests } from './render/renderClusterManifests';
export type { RenderedManifest } from './render/renderClusterManifests';
export {
  MINIPLANES_ANNOTATIONS,
  MINIPLANES_LABELS,
  MINIPLANES_MANAGER,
  serviceLabelValue,
  serviceShardHash,
  SHARD_BUCKETS,
  shardBucketOf,
} from './render/ownershipLabels';
export { isClusterScopedKind } from './render/clusterScopedKinds';
export { diffDecisions } from './diff/diffDecisions';
export type { DecisionDiff, DecisionChange } from './diff/diffDecisions';
export { diffSpecs } from './diff/diffSpecs';
export type { SpecChange } from './diff/diffSpecs';
export { REQUEST_STATUSES, FLEET_PROPOSER } from './requests/types';
export { durationSchema, durationMs } from './model/durations';
export {
  rolloutSchema,
  dataOperationsSchema,
  storageLocationSchema,
  clusterConnectionsSchema,
  observabilitySchema,
} from './model/schemas';
export {
  renderConnections,
  loadBalancerKey,
} from './connections/renderConnections';
export type {
  ConnectionView,
  RenderedConnections,
  RenderedObject,
} from './connections/renderConnections';
export { gatewayServiceName } from './connections/serviceAccess';
export {
  evaluateDataOperations,
  withDataOperations,
} from './dataOperations/evaluateDataOperations';
export {
  renderDataOperations,
  DATA_OPERATION_ANNOTATION,
} from './dataOperations/renderDataOperations';
export { builtinOperatorProfiles } from './dataOperations/builtinProfiles';
export { readPath } from './dataOperations/readPath';
export { genericProfile } from './dataOperations/profiles/generic';
export type { GenericProfileDefinition } from './dataOperations/profiles/generic';
export { veleroProfile } from './dataOperations/profiles/velero';
export { cloudNativePgProfile } from './dataOperations/profiles/cloudnativepg';
export type {
  OperatorProfile,
  OperationManifest,
  BackupInput,
  ReplicationInput,
  OperatorStatusPaths,
  DataOperationDecision,
  DecisionWithOperations,
} from './dataOperations/types';
export { builtinResourceInterpreters } from './interpreters/builtinInterpreters';
export {
  interpretLiveObject,
  withBuiltinInterpreters,
} from './interpreters/interpretResource';
export type { InterpretedLiveObject } from './interpreters/interpretResource';
export { podRequirements } from './interpreters/replicaRequirements';
export type {
  InterpretedObject,
  ReplicaRequirements,
  ResourceHealth,
  ResourceInterpreter,
  ResourceReplicaStatus,
} from './interpreters/types';
export { planRollout, REST_STAGE, ALL_AT_ONCE } from './rollout/planRollout';
export type { RolloutPlan, RolloutStagePlan } from './rollout/planRollout';
export {
  startRollout,
  advanceRollout,
  actOnRollout,
} from './rollout/advanceRollout';
export type {
  RolloutPhase,
  RolloutStageState,
  RolloutClusterState,
  RolloutState,
  RolloutObservation,
  RolloutStep,
} from './rollout/advanceRollout';
export type {
  RequestStatus,
  PolicyCheck,
  PlacementRequest,
  PlacementRequestView,
  RequestWait,
  RequestImpact,
  ClusterObjectRef,
  HistoryEvent,
} from './requests/types';
export * from './api/syncStatus';
export * from './api/views';
export * from './api/evidence';
export * from './api/connections';
export { serviceSignalChannel, REQUESTS_SIGNAL_CHANNEL } from './signals';
export * from './client';
