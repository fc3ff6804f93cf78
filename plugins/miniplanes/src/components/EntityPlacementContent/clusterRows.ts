import { ClusterDecision } from '@miniplanes/plugin-miniplanes-common';
import { ClusterSyncStatus, ServiceSyncStatus } from '../../api';

/** One row of the clusters table: the decision and the sync status of one cluster. */
export interface ClusterRow {
  name: string;
  /** Absent for a cluster that left the fleet but still holds something of the service. */
  decision?: ClusterDecision;
  /** Absent where the service never was. */
  sync?: ClusterSyncStatus;
}

/**
 * Every fleet cluster of the decision with its sync status, then the clusters
 * only the status knows (gone from the fleet, still holding retained data).
 */
export function clusterRows(
  clusters: ClusterDecision[],
  status: ServiceSyncStatus | undefined,
): ClusterRow[] {
  const syncByName = new Map(
    (status?.clusters ?? []).map(sync => [sync.cluster, sync]),
  );
  const rows: ClusterRow[] = clusters.map(decision => ({
    name: decision.name,
    decision,
    sync: syncByName.get(decision.name),
  }));
  const decided = new Set(clusters.map(c => c.name));
  for (const sync of status?.clusters ?? []) {
    if (!decided.has(sync.cluster)) rows.push({ name: sync.cluster, sync });
  }
  return rows;
}
