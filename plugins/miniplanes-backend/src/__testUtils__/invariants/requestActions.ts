import {
  dataClustersOf,
  PlacementRequestView,
} from '@miniplanes/plugin-miniplanes-common';
import { applyChange } from './applyChange';
import { BackendInstance } from './backendInstance';
import { readLive } from './kubePaths';
import { Change, Decision, ServiceShape } from './scenario';
import {
  ApprovedVersion,
  declared,
  isData,
  ScenarioModel,
} from './ScenarioModel';
import { ScenarioWorld } from './ScenarioWorld';
import { entityRefOf, serviceDocument } from './serviceDocument';

export const OWNER = 'user:default/owner';

/** The keys of the objects a shape declares as data. */
function dataKeys(shape: ServiceShape): string[] {
  return declared(shape)
    .filter(isData)
    .map(d => d.key);
}
export const APPROVER = 'user:default/approver';

/** What became of the requests a scenario filed and decided. */
export interface RequestCounts {
  filed: number;
  refusedAtFiling: number;
  approved: number;
  approvalRefused: number;
  rejected: number;
  withdrawn: number;
}

/**
 * Files and decides placement requests through the backend's request
 * service, as owners and approvers do, and records in the model what was
 * approved: the shape asked for and the data clusters of the preview the
 * approver saw. A release authorises deleting what the service's data
 * objects are in the released cluster at that moment (read live).
 */
export class RequestActions {
  readonly counts: RequestCounts = {
    filed: 0,
    refusedAtFiling: 0,
    approved: 0,
    approvalRefused: 0,
    rejected: 0,
    withdrawn: 0,
  };
  /** Why requests were refused (at filing or approval), by the first words of the reason. */
  readonly refusals: Record<string, number> = {};
  /** The shape each request the scenario filed proposes. */
  private readonly shapes = new Map<string, ServiceShape>();

  constructor(
    private readonly world: ScenarioWorld,
    private readonly model: ScenarioModel,
  ) {}

  /** Files a change to a service (its first version when none is approved yet), then decides it. */
  async file(
    backend: BackendInstance,
    initial: ServiceShape,
    changes: Change[],
    then: Decision,
    step: number,
  ) {
    const entityRef = entityRefOf(initial);
    const base = this.model.current(entityRef)?.shape ?? initial;
    const candidates = this.model.dataLeft(entityRef);
    const shape = changes.reduce(
      (s, change) =>
        applyChange(
          s,
          change,
          candidates.length ? candidates : this.world.clusterNames,
        ),
      base,
    );
    let request: PlacementRequestView;
    try {
      request = await backend.requests.file({
        entityRef,
        reason: 'scenario',
        spec: serviceDocument(shape),
        requestedBy: OWNER,
      });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      this.counts.refusedAtFiling += 1;
      this.refused('file', error);
      return;
    }
    this.counts.filed += 1;
    this.shapes.set(request.id, shape);
    if (then !== 'leave') await this.decide(backend, request, then, step);
  }

  /** Decides a pending request: one the scenario filed, or a proposal the fleet filed. */
  async decide(
    backend: BackendInstance,
    request: PlacementRequestView,
    then: Exclude<Decision, 'leave'>,
    step: number,
  ) {
    try {
      if (then === 'reject') {
        await backend.requests.reject(request.id, APPROVER);
        this.counts.rejected += 1;
      } else if (then === 'withdraw') {
        await backend.requests.withdraw(request.id, request.requestedBy);
        this.counts.withdrawn += 1;
      } else {
        await this.approve(backend, request, step);
      }
    } catch (error) {
      if (!isRefusal(error)) throw error;
      if (then === 'approve') this.counts.approvalRefused += 1;
      this.refused(then, error);
    }
  }

  private async approve(
    backend: BackendInstance,
    request: PlacementRequestView,
    step: number,
  ) {
    const { entityRef } = request;
    const previous = this.model.current(entityRef);
    // A fleet proposal carries the current version's spec.
    const shape = this.shapes.get(request.id) ?? previous?.shape;
    if (!shape) throw new Error(`request ${request.id} has no known shape`);
    const listed = new Set(previous?.shape.release ?? []);
    const dataClusters = dataClustersOf(request.decision);
    const version: ApprovedVersion = {
      entityRef,
      requestId: request.id,
      shape,
      dataClusters,
      newlyReleased: shape.release.filter(c => !listed.has(c)),
      step,
      applied: false,
      placed: new Set(dataClusters),
    };
    // Read before approving, as the approver saw them: once the approval
    // commits, a sync pass (the other replica's, or the one the approval
    // starts) may delete released objects before the call returns
    // (seed 20261301, scenario 591).
    const releases = version.newlyReleased.map(cluster => ({
      ...this.releaseOf(version, cluster, previous),
      approvedAfter: this.world.cluster(cluster).lastWriteSeq,
    }));
    await backend.requests.approve(request.id, APPROVER);
    this.counts.approved += 1;
    this.model.approved(version);
    for (const { cluster, uids, note, approvedAfter } of releases) {
      this.model.authorise(entityRef, cluster, uids, approvedAfter);
      this.model.noteRelease(entityRef, cluster, note);
    }
  }

  /**
   * What releasing a cluster authorises deleting: only what was already
   * retained there, not data the version places there, nor data it moves
   * away itself (the previous version's data there) — but data retained
   * before it, such as an object an earlier version stopped declaring.
   */
  private releaseOf(
    version: ApprovedVersion,
    cluster: string,
    previous: ApprovedVersion | undefined,
  ) {
    const kept = new Set<string>();
    const why: string[] = [];
    if (version.dataClusters.includes(cluster)) {
      dataKeys(version.shape).forEach(k => kept.add(k));
      why.push('the version places data there');
    }
    if (previous?.placed.has(cluster)) {
      dataKeys(previous.shape).forEach(k => kept.add(k));
      why.push(
        `the previous version (request ${previous.requestId}, step ${
          previous.step
        }, ${
          previous.applied ? 'applied' : 'not applied yet'
        }) placed data there`,
      );
    }
    const uids = this.liveDataUids(version.entityRef, cluster, kept);
    const note = `step ${version.step} request ${
      version.requestId
    } authorised ${uids.length} object(s), kept [${[...kept].join(', ')}]${
      why.length ? ` because ${why.join(' and ')}` : ''
    }`;
    return { cluster, uids, note };
  }

  /** The uids of the service's (ever) data objects in a cluster now, but those kept. */
  private liveDataUids(
    entityRef: string,
    cluster: string,
    kept: ReadonlySet<string>,
  ) {
    const uids: string[] = [];
    const seen = new Set<string>(kept);
    for (const version of this.model.versions.get(entityRef) ?? []) {
      for (const d of declared(version.shape)) {
        if (!isData(d) || seen.has(d.key)) continue;
        seen.add(d.key);
        const live = readLive(this.world.cluster(cluster), {
          kind: d.resource.kind,
          namespace: version.shape.namespace,
          name:
            d.resource.kind === 'Namespace'
              ? version.shape.namespace
              : d.resource.name,
        });
        if (live?.metadata.uid) uids.push(live.metadata.uid);
      }
    }
    return uids;
  }

  private refused(action: string, error: unknown) {
    const message = (error as Error).message;
    const checks = /policy checks and cannot be approved: (.*)/.exec(message);
    const reason = checks
      ? checks[1]
          .split('; ')
          .map(c => c.split(':')[0])
          .join('+')
      : message.split(/[:;\n]/)[0].replace(/[0-9a-f-]{36}/g, '<id>');
    const key = `${action}: ${reason}`;
    this.refusals[key] = (this.refusals[key] ?? 0) + 1;
  }

  /** Reads each approved request's status: once applied, the sync no longer falls back before it. */
  async refreshApplied(backend: BackendInstance) {
    for (const list of this.model.versions.values()) {
      for (const version of list) {
        if (version.applied) continue;
        const request = await backend.requests.get(version.requestId);
        if (request.status === 'applied') version.applied = true;
      }
    }
  }
}

/** The refusals a request can meet (invalid, stale, failing checks, decided meanwhile): results, not failures. */
function isRefusal(error: unknown): boolean {
  const name = (error as Error)?.name;
  return (
    name === 'InputError' ||
    name === 'ConflictError' ||
    name === 'NotAllowedError' ||
    name === 'NotFoundError'
  );
}
