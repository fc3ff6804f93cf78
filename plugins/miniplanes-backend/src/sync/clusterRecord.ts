import { createHash } from 'node:crypto';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { withDesiredHash } from './desiredHash';
import { DESIRED_HASH_ANNOTATION } from '../cluster/labels';
import { objectKey } from '../cluster/objectIdentity';
import { DesiredObject } from './planClusterSync';
import { ServiceClusterReport } from './SyncEngine';

/** The set hashes of frozen desired lists (cached renders), made once each. */
const setHashes = new WeakMap<DesiredObject[], string>();

/**
 * One hash for everything a cluster should hold of a service. A frozen list
 * (a cached render, reused from pass to pass) cannot change, so its hash is
 * computed once.
 */
export function desiredSetHash(desired: DesiredObject[]): string {
  const known = setHashes.get(desired);
  if (known) return known;
  const hash = hashOfSet(desired);
  if (
    Object.isFrozen(desired) &&
    desired.every(d => Object.isFrozen(d) && Object.isFrozen(d.manifest))
  )
    setHashes.set(desired, hash);
  return hash;
}

function hashOfSet(desired: DesiredObject[]): string {
  const hashes = desired
    .map(d => {
      const manifest = withDesiredHash(d.manifest);
      return `${objectKey(manifest)}=${
        manifest.metadata.annotations?.[DESIRED_HASH_ANNOTATION]
      }`;
    })
    .sort();
  return createHash('sha256')
    .update(hashes.join('\n'))
    .digest('hex')
    .slice(0, 20);
}

/** Whether the cluster could not be synced at all, so what it holds is unknown. */
export function unreachable(report: ServiceClusterReport): boolean {
  return (
    report.objects.length === 0 &&
    (report.state === 'Error' || report.state === 'BackingOff')
  );
}

/**
 * The record a sync report leaves, on top of the previous one. When the
 * cluster could not be reached, what was known of it is kept and only the
 * state and error change.
 */
export function clusterRecord(input: {
  report: ServiceClusterReport;
  previous?: ClusterSyncRecord;
  desired: DesiredObject[];
  specVersion: number;
}): ClusterSyncRecord {
  const { report, previous, desired, specVersion } = input;
  if (unreachable(report)) {
    return {
      ...(previous ?? {
        entityRef: report.entityRef,
        cluster: report.cluster,
        driftCount: 0,
        retained: [],
        objects: [],
      }),
      state: report.state,
      lastError: lastError(report, previous),
      lastSyncAt: report.syncedAt,
    };
  }
  const live = report.objects.filter(
    o => o.action !== 'pruned' && o.action !== 'skipped',
  );
  const workloads = live.filter(o => o.desiredReplicas !== undefined);
  const generations = live
    .filter(o => o.action !== 'retained')
    .map(o => o.generation)
    .filter((g): g is number => g !== undefined);
  const complete = report.state !== 'Error' && report.state !== 'BackingOff';
  const drifts = report.objects.filter(o => o.state === 'Drifted').length;
  const sum = (values: (number | undefined)[]) =>
    values.reduce<number>((total, v) => total + (v ?? 0), 0);
  const record: ClusterSyncRecord = {
    entityRef: report.entityRef,
    cluster: report.cluster,
    state: report.state,
    driftCount: (previous?.driftCount ?? 0) + drifts,
    retained: report.objects
      .filter(o => o.action === 'retained')
      .map(({ apiVersion, kind, namespace, name }) => ({
        apiVersion,
        kind,
        ...(namespace ? { namespace } : {}),
        name,
        since: retainedSince(previous, { kind, namespace, name }, specVersion),
      })),
    objects: report.objects,
    lastSyncAt: report.syncedAt,
  };
  if (complete) {
    record.specVersion = specVersion;
    record.appliedHash = desiredSetHash(desired);
  } else {
    if (previous?.specVersion !== undefined)
      record.specVersion = previous.specVersion;
    if (previous?.appliedHash) record.appliedHash = previous.appliedHash;
  }
  if (generations.length > 0)
    record.appliedGeneration = Math.min(...generations);
  if (workloads.length > 0) {
    record.desiredReplicas = sum(workloads.map(o => o.desiredReplicas));
    record.readyReplicas = sum(workloads.map(o => o.readyReplicas));
  }
  if (report.message) record.lastError = report.message;
  const changed = report.writes > 0 ? report.syncedAt : previous?.lastChangeAt;
  if (changed) record.lastChangeAt = changed;
  return record;
}

/** When an object was first retained: kept from the previous record, else now. */
function retainedSince(
  previous: ClusterSyncRecord | undefined,
  object: { kind: string; namespace?: string; name: string },
  specVersion: number,
): number {
  const known = previous?.retained.find(
    r =>
      r.kind === object.kind &&
      r.namespace === object.namespace &&
      r.name === object.name,
  );
  return known?.since ?? specVersion;
}

/** While backing off, the error that caused it stays the one shown. */
function lastError(
  report: ServiceClusterReport,
  previous: ClusterSyncRecord | undefined,
): string | undefined {
  if (report.state !== 'BackingOff' || !previous?.lastError)
    return report.message;
  if (previous.state === 'BackingOff') return previous.lastError;
  return `${previous.lastError}; ${report.message}`;
}

/** Whether a record says anything worth keeping: objects there, or a problem. */
export function worthKeeping(record: ClusterSyncRecord): boolean {
  return (
    record.objects.some(o => o.action !== 'pruned') ||
    record.state === 'Error' ||
    record.state === 'BackingOff'
  );
}
