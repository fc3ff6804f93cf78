import {
  ClusterSyncState,
  ClusterSyncStatus,
  RetainedObject,
} from '@miniplanes/plugin-miniplanes-common';

export type { RetainedObject };

/**
 * What the sync last saw and did for one service in one member cluster: the
 * cluster's status as the API serves it (spec version, applied hash and
 * generation, replicas, drifts, retained and synced objects, data
 * operations, last error and change), less whether the current decision
 * places the service there, which the router adds; with the service it is
 * of, the state the sync recorded (never Pending) and when that sync was.
 */
export interface ClusterSyncRecord
  extends Omit<ClusterSyncStatus, 'placed' | 'state' | 'lastSyncAt'> {
  entityRef: string;
  state: ClusterSyncState;
  lastSyncAt: string;
}

/** A pass's word that a service's records of these clusters were found unchanged. */
export interface StatusStamp {
  entityRef: string;
  clusters: string[];
  /** The earliest start of those clusters' syncs in the pass. */
  syncedAt: string;
}

/** Where the per-cluster sync status is kept. */
export interface ClusterStatusStore {
  /** Every record, or those of the given services. */
  list(entityRefs?: string[]): Promise<ClusterSyncRecord[]>;
  /** Inserts or replaces records. */
  put(records: ClusterSyncRecord[]): Promise<void>;
  /**
   * Stamps the records a pass found unchanged, a row per service rather
   * than per record: each service's records of those clusters are listed
   * as synced at `syncedAt` from then on, unless their own time is later.
   * A service's stamp replaces the one before, so it names every cluster
   * whose record the pass found unchanged.
   */
  markSynced(stamps: StatusStamp[]): Promise<void>;
  /** Forgets the records of clusters a service no longer has anything in. */
  remove(keys: { entityRef: string; cluster: string }[]): Promise<void>;
}
