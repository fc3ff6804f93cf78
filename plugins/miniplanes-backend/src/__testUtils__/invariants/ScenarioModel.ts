import { keyOf } from './kubePaths';
import { ResourceShape, Scenario, ServiceShape } from './scenario';
import { ClusterLabels } from './ScenarioWorld';
import { entityRefOf } from './serviceDocument';

/** A version the scenario saw approved: what it asked for and where the approver saw its data go. */
export interface ApprovedVersion {
  entityRef: string;
  requestId: string;
  shape: ServiceShape;
  /** The data clusters of the preview the approver approved. */
  dataClusters: string[];
  /** Clusters this version added to spec.data.release. */
  newlyReleased: string[];
  step: number;
  /** Seen `applied` (so the sync no longer falls back to an earlier version). */
  applied: boolean;
  /**
   * Where its data is placed now: its data clusters, less those a relabel
   * took out of its jurisdictions (placement lets those go for good, and
   * what is there is retained).
   */
  placed: Set<string>;
}

/** What the scenario asked for and saw approved, at one moment: what the checker judges writes by. */
export interface ModelSnapshot {
  labels: ReadonlyMap<string, ClusterLabels>;
  /** Per service, the versions the sync may be holding: the latest approved back to the last applied. */
  effective: ReadonlyMap<string, ApprovedVersion[]>;
}

/**
 * The scenario's own record of what it asked for: the approved versions of
 * each service with their previews, and the clusters' labels over time.
 * Never miniplanes' store: the checker holds miniplanes to this.
 */
export class ScenarioModel {
  readonly versions = new Map<string, ApprovedVersion[]>();
  /**
   * Per service and cluster, the object uids a release authorises deleting,
   * each with the cluster's last write sequence number before the approval.
   */
  private readonly releasable = new Map<string, Map<string, number>>();
  /** Per service and cluster, what each release authorised and kept, to explain a violation. */
  private readonly releaseNotes = new Map<string, string[]>();

  constructor(readonly scenario: Scenario) {}

  approved(version: ApprovedVersion) {
    const list = this.versions.get(version.entityRef) ?? [];
    list.push(version);
    this.versions.set(version.entityRef, list);
  }

  /** The current approved shape of a service, if it has one. */
  current(entityRef: string): ApprovedVersion | undefined {
    return this.versions.get(entityRef)?.at(-1);
  }

  /** After a relabel: the current versions' data leaves the clusters now outside its jurisdictions. */
  relabelled(labels: ReadonlyMap<string, ClusterLabels>) {
    for (const list of this.versions.values()) {
      const version = list.at(-1)!;
      for (const cluster of version.placed) {
        const jurisdiction = labels.get(cluster)?.jurisdiction;
        if (!jurisdictionAllowed(this.scenario, version.shape, jurisdiction))
          version.placed.delete(cluster);
      }
    }
  }

  /** Clusters that held the service's data in an approved version and do not in the latest. */
  dataLeft(entityRef: string): string[] {
    const list = this.versions.get(entityRef) ?? [];
    const now = new Set(list.at(-1)?.dataClusters ?? []);
    return [...new Set(list.flatMap(v => v.dataClusters))].filter(
      c => !now.has(c),
    );
  }

  /**
   * Records that a release lets the sync delete these objects (uids) of the
   * service in the cluster, approved after write `approvedAfter` there.
   */
  authorise(
    entityRef: string,
    cluster: string,
    uids: Iterable<string>,
    approvedAfter: number,
  ) {
    const key = `${entityRef} ${cluster}`;
    const authorised = this.releasable.get(key) ?? new Map();
    for (const uid of uids) authorised.set(uid, approvedAfter);
    this.releasable.set(key, authorised);
  }

  /**
   * miniplanes wrote the service's data object after a release of it was
   * approved: only a version placing it there again writes it, so it is the
   * service's data again, and that release no longer lets it be deleted (a
   * release acts once). Says whether it revoked one.
   */
  writtenAgain(
    entityRef: string,
    cluster: string,
    uid: string,
    seq: number,
    step: number,
  ): boolean {
    const key = `${entityRef} ${cluster}`;
    const approvedAfter = this.releasable.get(key)?.get(uid);
    if (approvedAfter === undefined || seq <= approvedAfter) return false;
    this.releasable.get(key)!.delete(uid);
    this.noteRelease(
      entityRef,
      cluster,
      `step ${step}: uid ${uid} written again (write ${seq}), so no release before covers it`,
    );
    return true;
  }

  /** Notes how a release was judged, for the violation messages. */
  noteRelease(entityRef: string, cluster: string, note: string) {
    const key = `${entityRef} ${cluster}`;
    this.releaseNotes.set(key, [...(this.releaseNotes.get(key) ?? []), note]);
  }

  releasesOf(entityRef: string, cluster: string): string[] {
    return this.releaseNotes.get(`${entityRef} ${cluster}`) ?? [];
  }

  isReleased(entityRef: string, cluster: string, uid: string): boolean {
    return this.releasable.get(`${entityRef} ${cluster}`)?.has(uid) ?? false;
  }

  /** Services that ever declared this object as data (role data, or a PVC) in an approved version. */
  everData(key: string): string[] {
    return [...this.versions]
      .filter(([, list]) =>
        list.some(v => declared(v.shape).some(d => d.key === key && isData(d))),
      )
      .map(([ref]) => ref);
  }

  /** Services whose approved versions declared the object, and whether one adopts it. */
  declaredBy(key: string): { entityRef: string; adopt: boolean }[] {
    return [...this.versions].flatMap(([ref, list]) => {
      const found = list.flatMap(v =>
        declared(v.shape).filter(d => d.key === key),
      );
      return found.length
        ? [{ entityRef: ref, adopt: found.some(d => d.resource.adopt) }]
        : [];
    });
  }

  snapshot(labels: ReadonlyMap<string, ClusterLabels>): ModelSnapshot {
    const effective = new Map<string, ApprovedVersion[]>();
    for (const [ref, list] of this.versions) {
      const chain: ApprovedVersion[] = [];
      for (let i = list.length - 1; i >= 0; i -= 1) {
        chain.push({ ...list[i] });
        if (list[i].applied) break;
      }
      effective.set(ref, chain);
    }
    return { labels: new Map(labels), effective };
  }
}

/** Each resource of a shape with the key its object has in a cluster. */
export function declared(shape: ServiceShape) {
  return shape.resources.map(resource => ({
    resource,
    key: keyOf({
      kind: resource.kind,
      namespace: shape.namespace,
      name: resource.kind === 'Namespace' ? shape.namespace : resource.name,
    }),
  }));
}

export function isData(d: { resource: ResourceShape }): boolean {
  return (
    d.resource.role === 'data' || d.resource.kind === 'PersistentVolumeClaim'
  );
}

/**
 * Whether a service's data may be written to a cluster under a snapshot:
 * within the jurisdictions of its latest approved version, and on a cluster
 * a version the sync may hold placed data on.
 */
export function dataAllowed(
  scenario: Scenario,
  snapshot: ModelSnapshot,
  entityRef: string,
  cluster: string,
): { jurisdiction: boolean; placement: boolean } {
  const chain = snapshot.effective.get(entityRef) ?? [];
  const jurisdiction = snapshot.labels.get(cluster)?.jurisdiction;
  return {
    // The latest approved rules are the law, whichever version the sync
    // holds: an older one may not write data where the newest forbids it.
    jurisdiction:
      chain.length > 0 &&
      jurisdictionAllowed(scenario, chain[0].shape, jurisdiction),
    placement: chain.some(v => v.dataClusters.includes(cluster)),
  };
}

/** Residency (expanded) and every governance policy of the classification, checked on their own terms. */
export function jurisdictionAllowed(
  scenario: Scenario,
  shape: ServiceShape,
  jurisdiction: string | undefined,
): boolean {
  const expand = (names: string[]) =>
    new Set(names.flatMap(n => scenario.jurisdictions[n] ?? [n]));
  if (shape.residency?.length) {
    if (!jurisdiction || !expand(shape.residency).has(jurisdiction))
      return false;
  }
  for (const policy of scenario.governance) {
    if (policy.classification !== shape.classification) continue;
    if (!jurisdiction || !expand(policy.allowedJurisdictions).has(jurisdiction))
      return false;
  }
  return true;
}

export { entityRefOf };
