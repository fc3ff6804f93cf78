import { isDeepStrictEqual } from 'node:util';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';

/**
 * Whether a cluster's sync record says something new: every pass stamps
 * lastSyncAt, so it alone does not count (a steady state is no news).
 */
export function statusChanged(
  previous: ClusterSyncRecord | undefined,
  next: ClusterSyncRecord,
): boolean {
  if (!previous) return true;
  return !isDeepStrictEqual(comparable(previous), comparable(next));
}

/**
 * The record without its stamp, as stored: a record read back from the
 * database has its keys in another order and no undefined fields.
 */
function comparable(record: ClusterSyncRecord) {
  const { lastSyncAt: _stamp, ...rest } = record;
  return JSON.parse(JSON.stringify(rest));
}
