import {
  ClusterSyncStatus,
  formatCount,
  ServiceSyncStatus,
  ServiceSyncSummary,
} from '@miniplanes/plugin-miniplanes-common';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { StoredService } from '../store/MiniplanesStore';

const FAILED = new Set(['Error', 'BackingOff']);

function clusterView(
  cluster: string,
  placed: boolean,
  record: ClusterSyncRecord | undefined,
  service: StoredService,
): ClusterSyncStatus {
  if (!record) {
    return {
      cluster,
      placed,
      state: 'Pending',
      driftCount: 0,
      retained: [],
      objects: [],
    };
  }
  const { entityRef: _entityRef, cluster: _cluster, ...rest } = record;
  // A cluster not synced since the service last changed has not received the change yet.
  const stale =
    !FAILED.has(record.state) &&
    Date.parse(record.lastSyncAt) < Date.parse(service.updatedAt);
  return { cluster, placed, ...rest, state: stale ? 'Pending' : record.state };
}

/**
 * A service's status from its decision and per-cluster records: Error when
 * nothing placed could be synced (or the decision cannot be met), Degraded
 * when some clusters failed, Drifted when the last sync restored drift,
 * Progressing while changes roll out or replicas get ready, else InSync.
 */
export function serviceStatus(
  service: StoredService,
  records: ClusterSyncRecord[],
): ServiceSyncStatus {
  const placedNames = new Set(
    (service.decision?.clusters ?? []).filter(c => c.selected).map(c => c.name),
  );
  const byCluster = new Map(records.map(r => [r.cluster, r]));
  const names = [...new Set([...placedNames, ...byCluster.keys()])].sort();
  const clusters = names.map(name =>
    clusterView(name, placedNames.has(name), byCluster.get(name), service),
  );
  const placed = clusters.filter(c => c.placed);
  const lastSyncAt = records
    .map(r => r.lastSyncAt)
    .sort()
    .at(-1);
  const base = { lastSyncAt, clusters };
  const failed = clusters.filter(c => FAILED.has(c.state));
  const failedPlaced = failed.filter(c => c.placed);
  const describe = (list: ClusterSyncStatus[]) =>
    list
      .map(c => `${c.cluster}${c.lastError ? ` (${c.lastError})` : ''}`)
      .join(', ');

  if (!service.decision) {
    return { ...base, state: 'Progressing', message: 'not placed yet' };
  }
  if (!service.decision.satisfiable) {
    return {
      ...base,
      state: 'Error',
      message: `the placement cannot be met, so nothing is synced: ${service.decision.unsatisfied
        .map(r => r.message)
        .join('; ')}`,
    };
  }
  if (placed.length > 0 && failedPlaced.length === placed.length) {
    return {
      ...base,
      state: 'Error',
      message: `sync failed in ${describe(failed)}`,
    };
  }
  if (failed.length > 0) {
    return {
      ...base,
      state: 'Degraded',
      message: `sync failed in ${describe(failed)}`,
    };
  }
  const drifted = clusters.filter(c => c.state === 'Drifted');
  if (drifted.length > 0) {
    return {
      ...base,
      state: 'Drifted',
      message: `drift restored in ${drifted.map(c => c.cluster).join(', ')}`,
    };
  }
  const progressing = placed.filter(
    c => c.state === 'Pending' || c.state === 'Progressing',
  );
  if (progressing.length > 0) {
    return {
      ...base,
      state: 'Progressing',
      message: `rolling out to ${progressing.map(c => c.cluster).join(', ')}`,
    };
  }
  return {
    ...base,
    state: 'InSync',
    message: `in sync in ${formatCount(placed.length, 'cluster')}`,
  };
}

export function summarizeStatus(view: ServiceSyncStatus): ServiceSyncSummary {
  return {
    state: view.state,
    message: view.message,
    ...(view.lastSyncAt ? { lastSyncAt: view.lastSyncAt } : {}),
    placedClusters: view.clusters.filter(c => c.placed).length,
    inSyncClusters: view.clusters.filter(c => c.placed && c.state === 'InSync')
      .length,
    retainedObjects: view.clusters.reduce((n, c) => n + c.retained.length, 0),
  };
}
