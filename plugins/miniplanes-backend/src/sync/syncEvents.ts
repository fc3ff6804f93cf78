import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { ServiceEvent } from '../store/MiniplanesStore';
import { describeObject } from '../cluster/objectIdentity';
import { ServiceClusterReport } from './SyncEngine';

type NewEvent = Omit<ServiceEvent, 'id' | 'createdAt'>;

/**
 * The history entries a sync leaves for a service: each drift it found and
 * restored, each data object it started to retain in a cluster the data is
 * no longer placed on, each it deleted because a version released it, and
 * each release it found can never be carried out.
 */
export function syncEvents(
  entityRef: string,
  reports: ServiceClusterReport[],
  previous: Map<string, ClusterSyncRecord>,
): NewEvent[] {
  const events: NewEvent[] = [];
  for (const report of reports) {
    const drifted = report.objects.filter(o => o.state === 'Drifted');
    if (drifted.length > 0) {
      events.push({
        entityRef,
        type: 'sync.drift',
        message: `drift restored in ${report.cluster}: ${drifted
          .map(
            o =>
              `${describeObject({ kind: o.kind, metadata: o })} ${
                o.driftedFields?.length
                  ? `(${o.driftedFields.join(', ')} changed)`
                  : '(deleted)'
              }`,
          )
          .join('; ')}`,
        details: {
          cluster: report.cluster,
          objects: drifted.map(o => ({
            apiVersion: o.apiVersion,
            kind: o.kind,
            namespace: o.namespace,
            name: o.name,
            driftedFields: o.driftedFields ?? [],
          })),
        },
      });
    }
    const known = new Set(
      (previous.get(report.cluster)?.retained ?? []).map(r =>
        describeObject({ kind: r.kind, metadata: r }),
      ),
    );
    const retained = report.objects
      .filter(o => o.action === 'retained')
      .map(o => describeObject({ kind: o.kind, metadata: o }))
      .filter(name => !known.has(name));
    if (retained.length > 0) {
      events.push({
        entityRef,
        type: 'sync.retained',
        message: `data no longer placed in ${
          report.cluster
        } is kept there until an approved version releases it: ${retained.join(
          ', ',
        )}`,
        details: { cluster: report.cluster, objects: retained },
      });
    }
    const pruned = report.objects.filter(
      o => o.role === 'data' && o.action === 'pruned',
    );
    const released = pruned.map(o =>
      describeObject({ kind: o.kind, metadata: o }),
    );
    // What the deletes left behind (claims a StatefulSet's controller made).
    const notes = pruned.flatMap(o => (o.message ? [o.message] : []));
    if (released.length > 0) {
      events.push({
        entityRef,
        type: 'sync.released',
        message: `data released by the approved version deleted in ${
          report.cluster
        }: ${released.join(', ')}${notes.map(n => `; ${n}`).join('')}`,
        details: { cluster: report.cluster, objects: released },
      });
    }
    if (report.voidedReleases?.length) {
      events.push({
        entityRef,
        type: 'sync.releaseVoided',
        message: `a release approved for ${
          report.cluster
        } can no longer be carried out: ${report.voidedReleases.join('; ')}`,
        details: { cluster: report.cluster, reasons: report.voidedReleases },
      });
    }
  }
  return events;
}
