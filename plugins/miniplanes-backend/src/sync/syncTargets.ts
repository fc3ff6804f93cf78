import {
  renderClusterManifests,
  serviceLabelValue,
} from '@miniplanes/plugin-miniplanes-common';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { StoredService } from '../store/types';
import { accessEntries } from './accessEntries';
import { KubeObject, objectKey } from '../cluster/objectIdentity';
import { DesiredObject } from './planClusterSync';
import { KindRef, ServiceSyncTarget } from './SyncEngine';

/** A service the sync can apply, or why it holds off. */
export type SyncTargetResult =
  | { ok: true; service: StoredService; target: ServiceSyncTarget }
  | { ok: false; service: StoredService; reason: string; persistent: boolean };

/**
 * What every cluster should hold of a service under its current decision:
 * the rendered manifests of the roles placed there and, where compute runs
 * without the data, the entries that route to the data clusters.
 *
 * A service without a decision that can be met is held off rather than
 * synced: syncing an empty placement would remove its compute everywhere.
 */
export function syncTarget(
  service: StoredService,
  clusters: string[],
  previous: ClusterSyncRecord[],
  /** Per cluster of spec.data.release, the version that added it. */
  releaseVersions: Map<string, number> = new Map(),
): SyncTargetResult {
  const { decision, spec } = service;
  if (!decision) {
    return {
      ok: false,
      service,
      reason: 'the service has no placement decision yet',
      persistent: false,
    };
  }
  if (!decision.satisfiable) {
    return {
      ok: false,
      service,
      reason: `its placement cannot be met: ${decision.unsatisfied
        .map(r => r.message)
        .join('; ')}`,
      persistent: false,
    };
  }
  const desired = new Map<string, DesiredObject[]>();
  try {
    for (const cluster of clusters) {
      desired.set(
        cluster,
        renderClusterManifests({ service: spec, decision, cluster }).map(r => ({
          role: r.role,
          manifest: r.manifest as KubeObject,
        })),
      );
    }
  } catch (error) {
    return {
      ok: false,
      service,
      reason: (error as Error).message,
      persistent: true,
    };
  }
  for (const [cluster, entries] of accessEntries(desired)) {
    desired.set(cluster, [...(desired.get(cluster) ?? []), ...entries]);
  }
  return {
    ok: true,
    service,
    target: {
      entityRef: service.entityRef,
      serviceLabel: serviceLabelValue(service.entityRef),
      desired,
      knownKinds: knownKinds(service, previous),
      releasable: releasable(previous, releaseVersions),
    },
  };
}

/** Kinds of the spec and of anything synced before, so leftovers of dropped kinds are found. */
function knownKinds(
  service: StoredService,
  previous: ClusterSyncRecord[],
): KindRef[] {
  const kinds = new Map<string, KindRef>();
  const add = (k: KindRef) =>
    kinds.set(`${k.apiVersion}/${k.kind}`, {
      apiVersion: k.apiVersion,
      kind: k.kind,
    });
  for (const resource of service.spec.spec.resources) {
    add(resource.manifest as KindRef);
    // Data behind a Service gets access entries in compute-only clusters.
    if (resource.role === 'data' && resource.manifest.kind === 'Service') {
      add({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' });
    }
  }
  for (const record of previous) {
    record.objects.forEach(add);
    record.retained.forEach(add);
  }
  return [...kinds.values()];
}

/**
 * The retained data the sync may delete: on each cluster spec.data.release
 * lists, what was retained before the version that added the cluster to the
 * list. Data retained later (placed there again, then left again) is kept,
 * however long the list keeps naming the cluster: a release acts once.
 */
function releasable(
  previous: ClusterSyncRecord[],
  releaseVersions: Map<string, number>,
): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const record of previous) {
    const releasedIn = releaseVersions.get(record.cluster);
    if (releasedIn === undefined) continue;
    const keys = record.retained
      .filter(r => r.since !== undefined && r.since < releasedIn)
      .map(r =>
        objectKey({
          apiVersion: r.apiVersion,
          kind: r.kind,
          metadata: { name: r.name, namespace: r.namespace },
        }),
      );
    if (keys.length > 0) result.set(record.cluster, new Set(keys));
  }
  return result;
}
