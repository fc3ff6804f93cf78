import { sameAsJson } from '../lib/sameAsJson';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';

/**
 * Whether a cluster's sync record says something new: every pass stamps
 * lastSyncAt, so it alone does not count (a steady state is no news).
 * Runs for every service and cluster on every pass, so it compares in place.
 */
export function statusChanged(
  previous: ClusterSyncRecord | undefined,
  next: ClusterSyncRecord,
): boolean {
  if (!previous) return true;
  return !sameAsJson(previous, next, 'lastSyncAt');
}
