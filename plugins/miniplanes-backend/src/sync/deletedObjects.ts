import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { objectKey } from '../cluster/objectIdentity';
import { ServiceClusterReport } from './SyncEngine';

const key = (o: {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}) => objectKey({ ...o, metadata: { name: o.name, namespace: o.namespace } });

/**
 * The report with objects someone deleted from the cluster marked as drift.
 * The engine only sees that they are missing; the previous record tells a
 * deleted object (it was there after the last sync) from a new one.
 */
export function withDeletionsAsDrift(
  report: ServiceClusterReport,
  previous: ClusterSyncRecord | undefined,
): ServiceClusterReport {
  if (!previous) return report;
  // A settled pass applies nothing: no need to look at what was there.
  if (!report.objects.some(newlyApplied)) return report;
  const present = new Set(
    previous.objects
      .filter(o => o.action === 'applied' || o.action === 'none')
      .map(key),
  );
  let deleted = false;
  const objects = report.objects.map(o => {
    if (!newlyApplied(o) || !present.has(key(o))) return o;
    deleted = true;
    return {
      ...o,
      state: 'Drifted' as const,
      reason: 'drift' as const,
      driftedFields: [],
    };
  });
  if (!deleted) return report;
  return {
    ...report,
    objects,
    state: report.state === 'Error' ? 'Error' : 'Drifted',
  };
}

/** Applied because the cluster did not have it. */
function newlyApplied(o: { action: string; reason?: string }): boolean {
  return o.action === 'applied' && o.reason === 'missing';
}
