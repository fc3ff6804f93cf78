import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { ResourceRole } from '../model/types';

/** Labels miniplanes puts on everything it renders. @public */
export const MINIPLANES_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  /**
   * A hash of the service's full entity reference. Label values stop at 63
   * characters, so a readable label would make two services with a long
   * common prefix look like one; the hash cannot collide.
   */
  service: 'miniplanes.io/service-hash',
  role: 'miniplanes.io/role',
  kubernetesId: 'backstage.io/kubernetes-id',
  /**
   * Which of SHARD_BUCKETS buckets the service falls in (shardBucketOf): a
   * backend whose sync is split into shards watches only its own shard's
   * buckets, not every object miniplanes manages.
   */
  shardBucket: 'miniplanes.io/shard-bucket',
} as const;

/**
 * How many buckets services are hashed into (MINIPLANES_LABELS.shardBucket).
 * A sync split into a number of shards that divides it finds each shard's
 * objects by their buckets.
 *
 * @public
 */
export const SHARD_BUCKETS = 64;

/**
 * A stable hash of a service's entity reference (32-bit FNV-1a), the same
 * in every process: a sync split into N shards gives the service to shard
 * `hash % N`, and its objects are labelled with bucket `hash % SHARD_BUCKETS`.
 *
 * @public
 */
export function serviceShardHash(entityRef: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entityRef.length; i += 1) {
    hash ^= entityRef.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The bucket a service's objects are labelled with (see SHARD_BUCKETS). @public */
export function shardBucketOf(entityRef: string): number {
  return serviceShardHash(entityRef) % SHARD_BUCKETS;
}

/** Annotations miniplanes puts on everything it renders. @public */
export const MINIPLANES_ANNOTATIONS = {
  /** The full entity reference of the service the object belongs to. */
  service: 'miniplanes.io/service',
} as const;

/** The value of `app.kubernetes.io/managed-by` on objects miniplanes manages. @public */
export const MINIPLANES_MANAGER = 'miniplanes';

/**
 * The label values already hashed: a render labels every object in every
 * cluster, 20 hashes of one reference per service in a fleet's rollout.
 */
const labelValues = new Map<string, string>();
const MAX_REMEMBERED_LABEL_VALUES = 100_000;

/**
 * The label value that identifies a service on its objects: the first 40
 * hex digits (160 bits) of the SHA-256 of its entity reference, which
 * Backstage compares without regard to case.
 *
 * @public
 */
export function serviceLabelValue(entityRef: string): string {
  let value = labelValues.get(entityRef);
  if (value === undefined) {
    value = bytesToHex(sha256(utf8ToBytes(entityRef.toLowerCase()))).slice(
      0,
      40,
    );
    // Bounded: a fleet's services fit, a process that sees more starts over.
    if (labelValues.size >= MAX_REMEMBERED_LABEL_VALUES) labelValues.clear();
    labelValues.set(entityRef, value);
  }
  return value;
}

/** The entity name of a reference: what Backstage's Kubernetes plugin matches pods by. */
export function entityName(entityRef: string): string {
  return entityRef.slice(entityRef.lastIndexOf('/') + 1);
}

export function ownershipLabels(
  entityRef: string,
  /** A resource role, or `access` for the connection objects miniplanes adds. */
  role: ResourceRole | 'access',
): Record<string, string> {
  return {
    [MINIPLANES_LABELS.managedBy]: MINIPLANES_MANAGER,
    [MINIPLANES_LABELS.service]: serviceLabelValue(entityRef),
    [MINIPLANES_LABELS.role]: role,
    [MINIPLANES_LABELS.kubernetesId]: entityName(entityRef),
  };
}

/**
 * The label a sharded sync finds the service's objects by: on the objects
 * miniplanes applies, not on their pods (it would only roll them).
 */
export function shardBucketLabel(entityRef: string): Record<string, string> {
  return { [MINIPLANES_LABELS.shardBucket]: String(shardBucketOf(entityRef)) };
}

/** The labels of an object miniplanes applies: its ownership and its shard bucket. */
export function objectLabels(
  entityRef: string,
  role: ResourceRole | 'access',
): Record<string, string> {
  return {
    ...ownershipLabels(entityRef, role),
    ...shardBucketLabel(entityRef),
  };
}

/**
 * Whether a label or annotation key is miniplanes' own: users may not set or
 * override it, since the sync's ownership and data protection rest on it.
 */
export function isReservedMetadataKey(key: string): boolean {
  return (
    key.startsWith('miniplanes.io/') || key === MINIPLANES_LABELS.managedBy
  );
}
