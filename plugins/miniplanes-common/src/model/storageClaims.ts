import { ManifestFields } from './immutableFields';
import { ResourceRole } from './types';

/**
 * What is wrong with a resource's storage claims.
 *
 * @public
 */
export interface StorageClaimIssue {
  /** From the resource's root: `role`, or a field under `manifest`. */
  path: (string | number)[];
  message: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether the manifest is a StatefulSet that makes PersistentVolumeClaims for its replicas.
 *
 * @public
 */
export function makesStorageClaims(manifest: ManifestFields): boolean {
  if (manifest.apiVersion !== 'apps/v1' || manifest.kind !== 'StatefulSet')
    return false;
  const templates = isObject(manifest.spec)
    ? manifest.spec.volumeClaimTemplates
    : undefined;
  return Array.isArray(templates) && templates.length > 0;
}

const RETENTION_HINTS = {
  whenScaled:
    'lets the StatefulSet controller delete the claims, and their data, of the replicas a scale-down removes',
  whenDeleted:
    'lets garbage collection delete the claims, and their data, with the StatefulSet',
} as const;

/**
 * A StatefulSet's volumeClaimTemplates hold data wherever it runs, so the
 * StatefulSet is data: placed only where the data may live, never moved or
 * deleted without a request. And a claim retention policy of Delete would
 * hand the deletion of that data to a controller, outside the releases
 * through which alone miniplanes lets data go.
 *
 * @public
 */
export function storageClaimIssues(
  manifest: ManifestFields,
  role: ResourceRole,
): StorageClaimIssue[] {
  if (!makesStorageClaims(manifest)) return [];
  const issues: StorageClaimIssue[] = [];
  if (role !== 'data') {
    issues.push({
      path: ['role'],
      message: `a StatefulSet with volumeClaimTemplates makes PersistentVolumeClaims that hold data: declare it role data (not ${role}), so that it lives only where the data may and is never deleted or scaled away without a request`,
    });
  }
  const spec = manifest.spec as Record<string, unknown>;
  const policy = spec.persistentVolumeClaimRetentionPolicy;
  for (const when of ['whenScaled', 'whenDeleted'] as const) {
    if (!isObject(policy) || policy[when] !== 'Delete') continue;
    issues.push({
      path: ['manifest', 'spec', 'persistentVolumeClaimRetentionPolicy', when],
      message: `Delete ${RETENTION_HINTS[when]}; miniplanes deletes data only when an approved version releases it: use Retain (the default)`,
    });
  }
  return issues;
}
