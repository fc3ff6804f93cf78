import { SyncRole } from '@miniplanes/plugin-miniplanes-common';

/**
 * One object miniplanes applied in a member cluster: the authority for
 * what the sync may touch. An object is a service's only if its inventory
 * says so; labels on live objects are hints, never the ground for a delete.
 */
export interface InventoryEntry {
  cluster: string;
  /** `group/Kind/namespace/name`: one owner per object and cluster. */
  objectKey: string;
  entityRef: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The uid the cluster gave it; a different uid is someone else's object. */
  uid?: string;
  /** The role it was last applied as. */
  role: SyncRole;
  /** Held data in some approved version: never deleted unless released. */
  data: boolean;
  /** applied: placed there now; retained: kept though no longer placed. */
  state: 'applied' | 'retained';
  specVersion?: number;
  /** The spec version since which it is retained. */
  retainedSince?: number;
  /** Why the sync keeps it instead of deleting it. */
  keptBecause?: string;
}

/** A retained object an approved version released, not deleted yet. */
export interface PendingRelease {
  id: number;
  entityRef: string;
  specVersion: number;
  cluster: string;
  objectKey: string;
  uid?: string;
}

/**
 * A release as the audit trail keeps it: carried out (`executedAt`), void
 * (`voidedAt`: it can never be, and `voidedBecause` says why) or not yet.
 */
export interface ReleaseRecord extends PendingRelease {
  executedAt?: string;
  voidedAt?: string;
  voidedBecause?: string;
}

/** A pending release that can never be carried out, and why. */
export interface VoidedRelease {
  id: number;
  because: string;
}

/** Where miniplanes records what it applied, and the releases still to carry out. */
export interface InventoryStore {
  /**
   * The installation this is the record of: what its objects carry (the
   * `miniplanes.io/installation` label), so another miniplanes syncing into
   * the same cluster never takes them for its own, nor they its.
   */
  installation(): Promise<string>;
  /** Entries of the given services (all when absent), optionally in one cluster. */
  list(filter?: {
    entityRefs?: string[];
    cluster?: string;
  }): Promise<InventoryEntry[]>;
  /**
   * Records, before the first write, that a service applies an object; the
   * owner's entity ref when another service already owns it (nothing
   * written), and `held` when the service itself already did (another of
   * its passes claimed it first).
   */
  claim(entry: InventoryEntry): Promise<{ owner?: string; held?: boolean }>;
  /** Updates entries the services own. */
  update(entries: InventoryEntry[]): Promise<void>;
  /** Forgets entries (the object was deleted, or is gone). */
  remove(
    keys: { cluster: string; objectKey: string; entityRef: string }[],
  ): Promise<void>;
  /** Releases approved for the given services, neither carried out nor void. */
  pendingReleases(entityRefs: string[]): Promise<PendingRelease[]>;
  markReleased(ids: number[]): Promise<void>;
  /** Ends pending releases that can never be carried out, keeping why. */
  markVoided(voids: VoidedRelease[]): Promise<void>;
  /** Every release approved for a service, whatever became of it, oldest first. */
  listReleases(entityRef: string): Promise<ReleaseRecord[]>;
}
