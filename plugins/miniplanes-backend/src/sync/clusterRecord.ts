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
  const complete = report.state !== 'Error' && report.state !== 'BackingOff';
  // One walk over the objects: it runs for every service and cluster each pass.
  let drifts = 0;
  let appliedGeneration: number | undefined;
  let workloads = 0;
  let desiredReplicas = 0;
  let readyReplicas = 0;
  const retained: ClusterSyncRecord['retained'] = [];
  for (const o of report.objects) {
    if (o.state === 'Drifted') drifts += 1;
    if (o.action === 'retained') {
      const { apiVersion, kind, namespace, name } = o;
      retained.push({
        apiVersion,
        kind,
        ...(namespace ? { namespace } : {}),
        name,
        since: retainedSince(previous, { kind, namespace, name }, specVersion),
      });
    }
    if (o.action === 'pruned' || o.action === 'skipped') continue;
    if (o.desiredReplicas !== undefined) {
      workloads += 1;
      desiredReplicas += o.desiredReplicas;
      readyReplicas += o.readyReplicas ?? 0;
    }
    if (o.action !== 'retained' && o.generation !== undefined)
      appliedGeneration = Math.min(
        appliedGeneration ?? o.generation,
        o.generation,
      );
  }
  const record: ClusterSyncRecord = {
    entityRef: report.entityRef,
    cluster: report.cluster,
    state: report.state,
    driftCount: (previous?.driftCount ?? 0) + drifts,
    retained,
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
  if (appliedGeneration !== undefined)
    record.appliedGeneration = appliedGeneration;
  if (workloads > 0) {
    record.desiredReplicas = desiredReplicas;
    record.readyReplicas = readyReplicas;
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
