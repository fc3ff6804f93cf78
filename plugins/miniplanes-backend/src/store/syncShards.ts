import {
  MINIPLANES_LABELS,
  serviceShardHash,
  SHARD_BUCKETS,
} from '@miniplanes/plugin-miniplanes-common';

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

/** The shard a service belongs to: a stable hash of its entity ref, the same on every replica. */
export function shardIndexOf(entityRef: string, count: number): number {
  return serviceShardHash(entityRef) % count;
}

/**
 * The label selector of the shard's own objects among those miniplanes
 * manages (their bucket, MINIPLANES_LABELS.shardBucket), so that a replica
 * watches its shard's objects alone; undefined for the whole fleet, or a
 * number of shards that does not divide SHARD_BUCKETS (then a shard watches
 * every object).
 */
export function shardBucketSelector(shard: SyncShard): string | undefined {
  if (shard.count === 1 || SHARD_BUCKETS % shard.count !== 0) return undefined;
  // A service's shard is hash % count, its bucket hash % SHARD_BUCKETS:
  // where count divides SHARD_BUCKETS, the bucket decides the shard.
  const buckets = [];
  for (let bucket = shard.index; bucket < SHARD_BUCKETS; bucket += shard.count)
    buckets.push(bucket);
  return `${MINIPLANES_LABELS.shardBucket} in (${buckets.join(',')})`;
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
