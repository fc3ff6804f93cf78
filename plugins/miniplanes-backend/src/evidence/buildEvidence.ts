import {
  dataClustersOf,
  DataResidencyRecord,
  DecisionDiff,
  EvidenceCause,
  EvidenceRelease,
  EvidenceVersion,
  Fleet,
  PlacementRequest,
  ServiceEvidence,
} from '@miniplanes/plugin-miniplanes-common';
import { withoutUndefined } from '../lib/withoutUndefined';
import { holdsData } from '../store/inventoryEntries';
import { InventoryEntry, ReleaseRecord } from '../store/InventoryStore';
import { ServiceEvent, StoredVersion } from '../store/MiniplanesStore';
import { residencyCheck } from './residencyCheck';
import { ResidencyTimeline } from './ResidencyTimeline';

/** The audit trail of one service, as the store keeps it. */
export interface AuditTrail {
  entityRef: string;
  versions: StoredVersion[];
  requests: PlacementRequest[];
  events: ServiceEvent[];
  releases: ReleaseRecord[];
  inventory: InventoryEntry[];
  /** The fleet now: jurisdiction groups, governance, and labels where a decision did not record them. */
  fleet: Fleet;
  now: Date;
}

/** A change of where the data is placed, as the history recorded it. */
type PlacementChange =
  | {
      at: string;
      type: 'version';
      version: StoredVersion;
      clusters: string[];
    }
  | {
      at: string;
      type: 'fleet';
      moves: DecisionDiff['dataMoves'];
      message: string;
    }
  | { at: string; type: 'released'; cluster: string; release: ReleaseRecord };

/**
 * What an auditor needs of one service's data, from the store's audit trail
 * alone: every version with who asked and who approved, where the data was
 * placed and kept over time (placed by an approved version, retained after
 * it left the placement until a release deleted it), every release, the
 * residency check of each placement and of what is held now, and the data
 * objects the inventory records in the clusters.
 */
export function buildEvidence(trail: AuditTrail): ServiceEvidence {
  const requests = new Map(trail.requests.map(r => [r.id, r]));
  const byVersion = new Map(trail.versions.map(v => [v.specVersion, v]));
  const causeOf = (specVersion: number): EvidenceCause => {
    const version = byVersion.get(specVersion);
    const request = version?.requestId
      ? requests.get(version.requestId)
      : undefined;
    return withoutUndefined({
      type: 'version' as const,
      specVersion,
      requestId: version?.requestId,
      requestedBy: request?.requestedBy,
      approvedBy: request?.decidedBy ?? version?.createdBy,
    });
  };
  const versions = versionsOf(trail, requests);
  const changes: PlacementChange[] = [
    ...trail.versions.map((version, i) => ({
      at: version.createdAt,
      type: 'version' as const,
      version,
      clusters: versions[i].dataClusters ?? [],
    })),
    ...fleetMoves(trail.events),
    ...trail.releases.flatMap(release =>
      release.executedAt
        ? [
            {
              at: release.executedAt,
              type: 'released' as const,
              cluster: release.cluster,
              release,
            },
          ]
        : [],
    ),
  ].sort((a, b) => a.at.localeCompare(b.at));

  const timeline = new ResidencyTimeline();
  let inForce: StoredVersion | undefined;
  const residencyAt = (cluster: string) => {
    // The jurisdiction the decision saw, else the cluster's now.
    const labels =
      inForce?.decision?.clusters.find(c => c.name === cluster)?.labels ??
      labelsNow(trail.fleet, cluster);
    return residencyCheck(inForce!.spec, trail.fleet, cluster, labels);
  };
  for (const change of changes) {
    if (change.type === 'version') {
      inForce = change.version;
      timeline.placeOnly(
        change.clusters,
        change.at,
        causeOf(change.version.specVersion),
        residencyAt,
      );
    } else if (change.type === 'fleet') {
      const cause: EvidenceCause = { type: 'fleet', message: change.message };
      for (const move of change.moves) {
        if (move.kind === 'removed')
          timeline.leave(move.cluster, change.at, cause);
        else if (inForce)
          timeline.place(
            move.cluster,
            change.at,
            cause,
            residencyAt(move.cluster),
          );
      }
    } else {
      timeline.release(
        change.cluster,
        change.at,
        causeOf(change.release.specVersion),
      );
    }
  }

  const current = trail.versions.at(-1)?.spec;
  const dataResidency: DataResidencyRecord[] = timeline
    .clusters()
    .map(cluster => {
      const intervals = timeline.of(cluster);
      const holding = intervals.some(i => !i.until);
      return {
        cluster,
        intervals,
        ...(holding && current
          ? {
              now: residencyCheck(
                current,
                trail.fleet,
                cluster,
                labelsNow(trail.fleet, cluster),
              ),
            }
          : {}),
      };
    });

  return withoutUndefined({
    entityRef: trail.entityRef,
    generatedAt: trail.now.toISOString(),
    classification: current?.spec.data?.classification,
    residency: current?.spec.data?.residency,
    governance: trail.fleet.governance
      .filter(g => g.classification === current?.spec.data?.classification)
      .map(g => ({
        classification: g.classification,
        allowedJurisdictions: g.allowedJurisdictions,
      })),
    versions,
    dataResidency,
    releases: trail.releases.map(r =>
      releaseOf(r, byVersion.get(r.specVersion), requests),
    ),
    currentData: trail.inventory.filter(holdsData).map(e =>
      withoutUndefined({
        cluster: e.cluster,
        apiVersion: e.apiVersion,
        kind: e.kind,
        namespace: e.namespace,
        name: e.name,
        state: e.state,
        specVersion: e.specVersion,
      }),
    ),
  });
}

/**
 * Every version with who asked for it and who approved it, the data
 * clusters it placed (from the decision it was approved with, or for a
 * seed from the diff its history entry recorded) and the clusters it added
 * to spec.data.release.
 */
function versionsOf(
  trail: AuditTrail,
  requests: Map<string, PlacementRequest>,
): EvidenceVersion[] {
  let dataClusters: string[] = [];
  let released = new Set<string>();
  return trail.versions.map(version => {
    dataClusters = version.decision
      ? dataClustersOf(version.decision)
      : applyMoves(dataClusters, seedDiff(trail.events, version));
    const request = version.requestId
      ? requests.get(version.requestId)
      : undefined;
    const release = version.spec.spec.data?.release ?? [];
    const newlyReleased = release.filter(c => !released.has(c));
    released = new Set(release);
    return withoutUndefined({
      specVersion: version.specVersion,
      createdAt: version.createdAt,
      source: version.requestId ? ('request' as const) : ('seed' as const),
      requestId: version.requestId,
      requestedBy: request?.requestedBy,
      reason: request?.reason,
      approvedBy: request?.decidedBy ?? version.createdBy,
      outcome: request?.status,
      failure: request?.failure,
      classification: version.spec.spec.data?.classification,
      residency: version.spec.spec.data?.residency,
      dataClusters,
      releases: newlyReleased,
    });
  });
}

/** Data moves a fleet change made (compute may move alone; data only drops out of a jurisdiction). */
function fleetMoves(events: ServiceEvent[]): PlacementChange[] {
  return events.flatMap(event => {
    if (
      event.type !== 'decision.changed' &&
      event.type !== 'placement.failover'
    )
      return [];
    const moves = (event.details as { diff?: DecisionDiff } | undefined)?.diff
      ?.dataMoves;
    return moves?.length
      ? [
          {
            at: event.createdAt,
            type: 'fleet' as const,
            moves,
            message: event.message,
          },
        ]
      : [];
  });
}

function applyMoves(
  clusters: string[],
  moves: DecisionDiff['dataMoves'],
): string[] {
  const set = new Set(clusters);
  for (const move of moves) {
    if (move.kind === 'added') set.add(move.cluster);
    else set.delete(move.cluster);
  }
  return [...set].sort();
}

/** The data moves the history recorded when a version without a stored decision (a seed) was stored. */
function seedDiff(
  events: ServiceEvent[],
  version: StoredVersion,
): DecisionDiff['dataMoves'] {
  const event = events.find(
    e =>
      e.type === 'spec.changed' &&
      e.message.startsWith(`spec version ${version.specVersion} `),
  );
  return (
    (event?.details as { diff?: DecisionDiff } | undefined)?.diff?.dataMoves ??
    []
  );
}

function labelsNow(fleet: Fleet, cluster: string): Record<string, string> {
  return fleet.clusters.find(c => c.name === cluster)?.labels ?? {};
}

function releaseOf(
  release: ReleaseRecord,
  version: StoredVersion | undefined,
  requests: Map<string, PlacementRequest>,
): EvidenceRelease {
  // objectKey: group/Kind/namespace/name
  const [, kind, namespace, ...name] = release.objectKey.split('/');
  const request = version?.requestId
    ? requests.get(version.requestId)
    : undefined;
  return withoutUndefined({
    cluster: release.cluster,
    kind,
    namespace: namespace || undefined,
    name: name.join('/'),
    specVersion: release.specVersion,
    requestId: version?.requestId,
    approvedBy: request?.decidedBy ?? version?.createdBy,
    approvedAt: version?.createdAt,
    executedAt: release.executedAt,
    voidedAt: release.voidedAt,
    voidedBecause: release.voidedBecause,
  });
}
