import { RequestWait } from '@miniplanes/plugin-miniplanes-common';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';

/**
 * The placed clusters that have not yet taken an approved request's spec
 * version, and why, so owners and approvers see what an approved request
 * waits for: a cluster that is down, backing off, or not synced yet.
 */
export function requestWaits(
  placed: string[],
  records: ClusterSyncRecord[],
  version: number,
): RequestWait[] {
  const recordOf = new Map(records.map(r => [r.cluster, r]));
  const waits: RequestWait[] = [];
  for (const cluster of placed) {
    const record = recordOf.get(cluster);
    if (record && (record.specVersion ?? 0) >= version) continue;
    let reason = 'not synced yet';
    if (record?.state === 'Error' || record?.state === 'BackingOff') {
      reason = record.lastError
        ? `${record.state}: ${record.lastError}`
        : record.state;
    }
    waits.push({ cluster, reason });
  }
  return waits;
}
