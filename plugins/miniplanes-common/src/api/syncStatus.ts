/**
 * The sync's per-object and per-cluster state, as the backend records it and
 * the REST API serves it.
 */

/** What a resource is to the sync: data is never deleted by it. @public */
export type SyncRole = 'data' | 'compute' | 'config' | 'access';

/** The state of one object in one member cluster. @public */
export type ObjectSyncState =
  | 'InSync'
  | 'Progressing'
  | 'Drifted'
  | 'Retained'
  | 'Conflict'
  | 'Error';

/** What the last sync did to an object. @public */
export type ObjectSyncAction =
  | 'applied'
  | 'pruned'
  | 'retained'
  | 'none'
  | 'skipped';

/** A Kubernetes object miniplanes manages in a member cluster. @public */
export interface SyncedObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** What the last sync saw and did to one object. @public */
export interface ObjectSyncStatus extends SyncedObjectRef {
  role: SyncRole;
  state: ObjectSyncState;
  action: ObjectSyncAction;
  generation?: number;
  desiredReplicas?: number;
  readyReplicas?: number;
  driftedFields?: string[];
  /** Why it was applied: missing from the cluster, changed in the spec, or drifted. */
  reason?: 'missing' | 'changed' | 'drift';
  message?: string;
  /** For a LoadBalancer Service: the addresses the cluster reports for it. */
  addresses?: string[];
}

/** A data object kept in a cluster it is no longer placed on. @public */
export interface RetainedObject extends SyncedObjectRef {
  /**
   * The spec version under which the sync first kept it: a version that
   * releases the cluster deletes only data retained before it.
   */
  since?: number;
}

/** The state the sync recorded for a service in one cluster. @public */
export type ClusterSyncState =
  | 'InSync'
  | 'Progressing'
  | 'Drifted'
  | 'Error'
  | 'BackingOff';

/**
 * A service's state in one cluster as the API shows it: the recorded state, or
 * Pending when the cluster was not synced since the spec or decision last
 * changed (or never). @public
 */
export type ClusterStatusState = ClusterSyncState | 'Pending';

/** The state of a whole federated service, worst first. @public */
export type ServiceSyncState =
  | 'Error'
  | 'Degraded'
  | 'Drifted'
  | 'Progressing'
  | 'InSync';

/**
 * What a data cluster's operators report of a service's data operations:
 * the last backup (and whether it is too old), or the replication role and
 * lag. @public
 */
export interface DataOperationStatus {
  /** `backup:<name>` or `replication`. */
  name: string;
  operator: string;
  lastBackup?: {
    /** The backup object the operator recorded. */
    name: string;
    phase?: string;
    time?: string;
    location?: string;
    jurisdiction?: string;
  };
  /** No successful backup for longer than the service may go without one. */
  stale?: boolean;
  replication?: { role?: string; lagSeconds?: number; ready?: boolean };
  message?: string;
}

/** A service's sync status in one cluster it is or was placed in. @public */
export interface ClusterSyncStatus {
  cluster: string;
  /** The current decision places something of the service here. */
  placed: boolean;
  state: ClusterStatusState;
  /** The spec version the cluster last fully received. */
  specVersion?: number;
  /** Hash of the manifests the cluster last fully received. */
  appliedHash?: string;
  /** The lowest metadata.generation among the service's workloads there. */
  appliedGeneration?: number;
  desiredReplicas?: number;
  readyReplicas?: number;
  /** Drifts found and restored there so far. */
  driftCount: number;
  /** Data objects kept there although the service is no longer placed there. */
  retained: RetainedObject[];
  objects: ObjectSyncStatus[];
  /** What the cluster's operators report of the service's data operations. */
  operations?: DataOperationStatus[];
  lastError?: string;
  lastSyncAt?: string;
  /** When the sync last wrote to the cluster for this service. */
  lastChangeAt?: string;
}

/** A service's aggregated sync status, as `GET /services/...` serves it. @public */
export interface ServiceSyncStatus {
  state: ServiceSyncState;
  message: string;
  /** Absent while no cluster was ever synced. */
  lastSyncAt?: string;
  clusters: ClusterSyncStatus[];
}

/** What `GET /services` shows of a service's status. @public */
export interface ServiceSyncSummary {
  state: ServiceSyncState;
  message: string;
  lastSyncAt?: string;
  placedClusters: number;
  inSyncClusters: number;
  retainedObjects: number;
}
