/**
 * One of the parts the services are split into so that several backend
 * replicas sync at once: each shard is its own scheduled task and lease, and
 * a service belongs to exactly one shard. The split is by service, not by
 * cluster, because the data-safety invariants order one service's writes
 * across its clusters (a restore before the release of the old copy): one
 * writer per service keeps that order where a single pass decides it.
 */
export interface SyncShard {
  /** 0-based. */
  index: number;
  /** How many shards the services are split into. */
  count: number;
}

/** The only shard when the sync is not split. */
export const WHOLE_FLEET: SyncShard = { index: 0, count: 1 };

/** The shard a service belongs to: a stable hash of its entity ref (FNV-1a), the same on every replica. */
export function shardIndexOf(entityRef: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entityRef.length; i += 1) {
    hash ^= entityRef.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/** Whether the shard syncs this service. */
export function ownsService(shard: SyncShard, entityRef: string): boolean {
  return (
    shard.count === 1 || shardIndexOf(entityRef, shard.count) === shard.index
  );
}

/** Every shard of a split into `count`. */
export function allShards(count: number): SyncShard[] {
  return Array.from({ length: count }, (_, index) => ({ index, count }));
}

/** How logs and task ids name a shard: "2-of-4" (1-based, as operators count). */
export function shardLabel(shard: SyncShard): string {
  return `${shard.index + 1}-of-${shard.count}`;
}
