/**
 * The sync's per-object and per-cluster state, as the backend records it and
 * the REST API serves it. The wire types are the OpenAPI document's
 * (plugins/miniplanes-backend/src/schema/openapi.yaml), generated into
 * schema/openapi; the names the package has always used are re-exported here.
 */

export type {
  /** What a resource is to the sync: data is never deleted by it. */
  SyncRole,
  /** The state of one object in one member cluster. */
  ObjectSyncState,
  /** What the last sync did to an object. */
  ObjectSyncAction,
  /** What the last sync saw and did to one object. */
  ObjectSyncStatus,
  /** Why the last sync applied an object. */
  ObjectSyncStatusReasonEnum,
  /** A Kubernetes object miniplanes manages in a member cluster. */
  ObjectRef as SyncedObjectRef,
  /** A data object kept in a cluster it is no longer placed on. */
  RetainedObject,
  /** A service's state in one cluster: the recorded state, or Pending when the cluster was not synced since the spec or decision last changed (or never). */
  ClusterStatusState,
  /** The state of a whole federated service, worst first. */
  ServiceSyncState,
  /** What a data cluster's operators report of a service's data operations. */
  DataOperationStatus,
  DataOperationStatusLastBackup,
  DataOperationStatusReplication,
  /** A service's sync status in one cluster it is or was placed in. */
  ClusterSyncStatus,
  /** A service's aggregated sync status, as `GET /services/...` serves it. */
  ServiceStatus as ServiceSyncStatus,
  /** What `GET /services` shows of a service's status. */
  ServiceStatusSummary as ServiceSyncSummary,
} from '../schema/openapi';

/** The state the sync recorded for a service in one cluster. @public */
export type ClusterSyncState =
  | 'InSync'
  | 'Progressing'
  | 'Drifted'
  | 'Error'
  | 'BackingOff';
