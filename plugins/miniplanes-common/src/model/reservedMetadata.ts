import { isReservedMetadataKey } from '../render/ownershipLabels';

/**
 * Where an override would change the metadata miniplanes owns: its labels
 * and annotations tie each object to its service and role, and the sync's
 * ownership and data protection rest on them, so no version may set them.
 */
export function reservedMetadataIssues(override: {
  labels?: Record<string, string>;
  patches?: { path: string; from?: string }[];
}): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const key of Object.keys(override.labels ?? {})) {
    if (isReservedMetadataKey(key)) {
      issues.push({
        path: ['labels'],
        message: `${key} is miniplanes' own label: it records which service and role an object belongs to, so overrides may not set it`,
      });
    }
  }
  (override.patches ?? []).forEach((patch, index) => {
    for (const field of ['path', 'from'] as const) {
      const pointer = patch[field];
      if (pointer !== undefined && touchesOwnership(pointer)) {
        issues.push({
          path: ['patches', index, field],
          message: `${pointer} would change the labels or annotations by which miniplanes knows the object's service and role; overrides may not touch them`,
        });
      }
    }
  });
  return issues;
}

/** Whether a JSON pointer reaches miniplanes' labels or annotations (or replaces a map holding them). */
function touchesOwnership(pointer: string): boolean {
  const parts = pointer
    .split('/')
    .slice(1)
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts.length === 0) return true;
  if (parts[0] !== 'metadata') return false;
  if (parts.length === 1) return true;
  if (parts[1] !== 'labels' && parts[1] !== 'annotations') return false;
  return parts.length === 2 || isReservedMetadataKey(parts[2]);
}
