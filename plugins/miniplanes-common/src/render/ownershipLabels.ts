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
} as const;

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
 * Whether a label or annotation key is miniplanes' own: users may not set or
 * override it, since the sync's ownership and data protection rest on it.
 */
export function isReservedMetadataKey(key: string): boolean {
  return (
    key.startsWith('miniplanes.io/') || key === MINIPLANES_LABELS.managedBy
  );
}
