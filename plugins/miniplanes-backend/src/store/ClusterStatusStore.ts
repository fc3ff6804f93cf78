import {
  ClusterSyncState,
  DataOperationStatus,
  ObjectSyncStatus,
  RetainedObject,
} from '@miniplanes/plugin-miniplanes-common';

export type { RetainedObject };

/** What the sync last saw and did for one service in one member cluster. */
export interface ClusterSyncRecord {
  entityRef: string;
  cluster: string;
  state: ClusterSyncState;
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
  retained: RetainedObject[];
  objects: ObjectSyncStatus[];
  /** What the cluster's operators report of the service's data operations. */
  operations?: DataOperationStatus[];
  lastError?: string;
  lastSyncAt: string;
  /** When the sync last wrote to the cluster for this service. */
  lastChangeAt?: string;
}

/** Where the per-cluster sync status is kept. */
export interface ClusterStatusStore {
  /** Every record, or those of the given services. */
  list(entityRefs?: string[]): Promise<ClusterSyncRecord[]>;
  /** Inserts or replaces records. */
  put(records: ClusterSyncRecord[]): Promise<void>;
  /**
   * Stamps `lastSyncAt` on records a pass found unchanged: one statement per
   * cluster instead of rewriting every record of a steady fleet.
   */
  markSynced(
    keys: { entityRef: string; cluster: string }[],
    lastSyncAt: string,
  ): Promise<void>;
  /** Forgets the records of clusters a service no longer has anything in. */
  remove(keys: { entityRef: string; cluster: string }[]): Promise<void>;
}
