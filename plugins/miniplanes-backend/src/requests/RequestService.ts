import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  dataClustersOf,
  diffDecisions,
  FLEET_PROPOSER,
  FederatedService,
  formatValidationIssues,
  parseFederatedService,
  PlacementDecision,
  PlacementRequest,
  PlacementRequestView,
  PolicyCheck,
  RequestImpact,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { AuditorService } from '@backstage/backend-plugin-api';
import { createHash, randomUUID } from 'node:crypto';
import { ChangeListeners } from '../lib/ChangeListeners';
import {
  DataMoveProposal,
  PlacementService,
} from '../placement/PlacementService';
import { ClusterStatusStore } from '../store/ClusterStatusStore';
import { InventoryEntry, InventoryStore } from '../store/InventoryStore';
import {
  MiniplanesStore,
  RequestFilter,
  RequestPosition,
  StoredService,
} from '../store/MiniplanesStore';
import { RolloutStore } from '../store/RolloutStore';
import { auditRequestAction } from './auditRequestAction';
import { impactChecks } from './impactChecks';
import { PrivilegedObject, privilegedObjects } from './privilegedObjects';
import { releasesOf, requestImpact } from './requestImpact';
import { ServedKindScopes } from './servedKindScopes';
import { RequestMetrics } from './RequestMetrics';
import { RequestNotifier } from './RequestNotifier';
import { requestWaits } from './requestWaits';
import { KindPolicy } from './KindPolicy';
import { filingRefusal } from './filingRefusal';
import { immutableChangeProblems } from './immutableChanges';

/** A request another replica or person decided between its read and this decision. */
class DecidedMeanwhile extends ConflictError {
  constructor(id: string) {
    super(`request ${id} was decided by someone else meanwhile`);
  }
}

type RequestView = PlacementRequestView;

/** What the sync made of an approved request. */
export type RequestOutcome =
  | { status: 'applied' }
  | { status: 'failed'; failure: string };

/** How long approved requests may wait for the clusters. */
export interface RequestDeadlines {
  /** Past it, approvers are told the request is stuck. */
  escalateAfterMs: number;
  /** Past it, the request fails with what it waited for. */
  failAfterMs: number;
}

/**
 * The lifecycle of placement requests: pending → approved → applied | failed,
 * or rejected, or withdrawn. Nothing reaches the current spec (and so the
 * clusters) without an approval; nobody approves their own request; a failed
 * policy check blocks approval for everyone. Every move is notified; moves
 * users make are audited by the router (it has the HTTP request), the sync's
 * outcomes here.
 *
 * Approving is one transaction (request, version, decision, releases,
 * history); the approved version reaches the clusters through the sync,
 * which listens to `onApproved` (plugin.ts wires it to start a pass at once).
 */
export class RequestService {
  private readonly store: MiniplanesStore;
  private readonly placement: PlacementService;
  private readonly notifier: RequestNotifier;
  private readonly auditor: AuditorService;
  private readonly statusStore: ClusterStatusStore;
  private readonly inventory: InventoryStore;
  private readonly deadlines: RequestDeadlines;
  private readonly kinds?: KindPolicy;
  private readonly rollouts?: RolloutStore;
  private readonly servedScopes?: Pick<ServedKindScopes, 'of'>;
  private readonly interpreters?: readonly ResourceInterpreter[];
  private readonly metrics?: RequestMetrics;
  private readonly now: () => Date;
  private readonly changes = new ChangeListeners();
  private readonly approvals = new ChangeListeners();

  constructor(options: {
    store: MiniplanesStore;
    placement: PlacementService;
    notifier: RequestNotifier;
    auditor: AuditorService;
    /** The sync's per-cluster status, for what an approved request waits for. */
    statusStore: ClusterStatusStore;
    /** What miniplanes applied, for the deletes and releases a version implies. */
    inventory: InventoryStore;
    deadlines?: RequestDeadlines;
    /** Which kinds a filed version may apply (miniplanes.allowedKinds, deniedKinds); any when absent. */
    kinds?: KindPolicy;
    /** Staged rollouts: a version waiting for people at a gate or a pause is escalated, never failed. */
    rollouts?: RolloutStore;
    /** How the clusters serve custom kinds a version does not define; unasked when absent. */
    servedScopes?: Pick<ServedKindScopes, 'of'>;
    /** The sync's resource interpreters, so a version is judged as it will render; the built-in ones when absent. */
    interpreters?: readonly ResourceInterpreter[];
    /** Where each request's moves are counted. */
    metrics?: RequestMetrics;
    now?: () => Date;
  }) {
    this.store = options.store;
    this.placement = options.placement;
    this.notifier = options.notifier;
    this.auditor = options.auditor;
    this.statusStore = options.statusStore;
    this.inventory = options.inventory;
    this.deadlines = options.deadlines ?? {
      escalateAfterMs: 15 * 60_000,
      failAfterMs: 24 * 3600_000,
    };
    this.kinds = options.kinds;
    this.rollouts = options.rollouts;
    this.servedScopes = options.servedScopes;
    this.interpreters = options.interpreters;
    this.metrics = options.metrics;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Calls the listener with the service's entity ref when a version of it is
   * approved: the sync carries it to the clusters from there.
   */
  onApproved(listener: (entityRef: string) => void): () => void {
    return this.approvals.add(listener);
  }

  /** Calls the listener with the service's entity ref whenever one of its requests moves. */
  onChange(listener: (entityRef: string) => void): () => void {
    return this.changes.add(listener);
  }

  private checks(
    spec: FederatedService,
    entityRef: string,
    preview: PlacementDecision,
    impact: RequestImpact,
    current?: StoredService,
  ): PolicyCheck[] {
    const diff = diffDecisions(current?.decision, preview);
    return [
      {
        name: 'entity',
        passed: spec.metadata.entityRef === entityRef,
        message:
          spec.metadata.entityRef === entityRef
            ? `the document is for ${entityRef}`
            : `the document is for ${spec.metadata.entityRef}, not ${entityRef}`,
      },
      {
        name: 'placement',
        passed: preview.satisfiable,
        message: preview.satisfiable
          ? 'every role has a place that meets the policy'
          : preview.unsatisfied.map(r => r.message).join('; '),
      },
      {
        name: 'governance',
        // The engine never places data against residency or governance; a
        // request whose data has nowhere to go is refused here.
        passed: !preview.unsatisfied.some(
          r => r.code === 'Governance' || r.code === 'Residency',
        ),
        message: preview.unsatisfied.some(
          r => r.code === 'Governance' || r.code === 'Residency',
        )
          ? `data cannot be placed within its allowed jurisdictions: ${preview.unsatisfied
              .filter(r => r.code === 'Governance' || r.code === 'Residency')
              .map(r => r.message)
              .join('; ')}`
          : 'data stays within its residency and the governance policies',
      },
      {
        name: 'data-moves',
        passed: true,
        message:
          diff.dataMoves.length === 0
            ? 'no data moves'
            : `data moves: ${diff.dataMoves
                .map(m => `${m.kind === 'added' ? 'to' : 'off'} ${m.cluster}`)
                .join(', ')}`,
      },
      ...impactChecks(impact),
    ];
  }

  async file(input: {
    entityRef: string;
    reason: string;
    spec: FederatedService;
    requestedBy: string;
  }): Promise<RequestView> {
    const parsed = parseFederatedService(input.spec);
    if (!parsed.ok) {
      throw new InputError(
        `the proposed FederatedService is invalid:\n${formatValidationIssues(
          parsed.issues,
        )}`,
      );
    }
    const spec = parsed.value;
    if (spec.metadata.entityRef !== input.entityRef) {
      throw new InputError(
        `spec.metadata.entityRef: the document is for ${spec.metadata.entityRef}, but the request is for ${input.entityRef}`,
      );
    }
    const refusal = this.refusalOf(spec);
    if (refusal) throw new InputError(refusal);
    const current = await this.store.getService(input.entityRef);
    const preview = this.placement.evaluate(spec, current?.decision);
    const inventory = await this.inventory.list({
      entityRefs: [input.entityRef],
    });
    const refusedChanges = current
      ? immutableChangeProblems({
          current: current.spec,
          next: spec,
          fleet: this.placement.fleet(),
          preview,
          inventory,
          interpreters: this.interpreters,
        })
      : [];
    if (refusedChanges.length > 0) {
      throw new InputError(
        `the proposed version changes what Kubernetes does not let change on objects that exist:\n${refusedChanges
          .map(p => `  ${p.path}: ${p.message}`)
          .join('\n')}`,
      );
    }
    return this.create({
      entityRef: input.entityRef,
      reason: input.reason,
      requestedBy: input.requestedBy,
      spec,
      preview,
      current,
      inventory,
    });
  }

  private async create(input: RequestInput): Promise<RequestView> {
    const request = await this.draft(input);
    await this.store.createRequest(request);
    await this.announce(request);
    return { ...request, stale: false };
  }

  /** A pending request with its preview, checks and impact, not yet stored. */
  private async draft(input: RequestInput): Promise<PlacementRequest> {
    const { spec, preview, current } = input;
    // A release acts once, in the version that adds the cluster to the list.
    const listed = new Set(current?.spec.spec.data?.release ?? []);
    const newlyReleased = (spec.spec.data?.release ?? []).filter(
      cluster => !listed.has(cluster),
    );
    const inventory =
      input.inventory ??
      (await this.inventory.list({ entityRefs: [input.entityRef] }));
    const impact = requestImpact({
      spec,
      preview,
      inventory,
      newlyReleased,
      appliedSpecs: await this.releasedStatefulSetSpecs(
        input.entityRef,
        inventory,
        newlyReleased,
      ),
      fleet: this.placement.fleet(),
      profiles: this.placement.operatorProfiles(),
      interpreters: this.interpreters,
      privileged: await this.privilegedObjectsOf(spec),
    });
    const at = this.now().toISOString();
    return {
      id: input.id ?? randomUUID(),
      entityRef: input.entityRef,
      status: 'pending',
      requestedBy: input.requestedBy,
      reason: input.reason,
      spec,
      decision: preview,
      diff: diffDecisions(current?.decision, preview),
      checks: this.checks(spec, input.entityRef, preview, impact, current),
      impact,
      ...(current ? { baseSpecVersion: current.specVersion } : {}),
      createdAt: at,
      updatedAt: at,
    };
  }

  /** Records that a stored request was filed, and tells the people concerned. */
  private async announce(request: PlacementRequest) {
    await this.store.addEvent({
      entityRef: request.entityRef,
      requestId: request.id,
      type: 'request.filed',
      actor: request.requestedBy,
      message: `request filed: ${request.reason}`,
    });
    this.metrics?.moved('pending', this.now());
    await this.notifier.notify(request);
    this.changes.notify(request.entityRef);
  }

  /**
   * Files a proposal for each service whose data a fleet change would move:
   * data stays where it is until owners and approvers decide. One open
   * proposal per service; a newer fleet change replaces it, and a move that
   * was rejected for this version is not proposed again.
   */
  async proposeDataMoves(moves: DataMoveProposal[]): Promise<void> {
    for (const { service, decision } of moves) {
      const target = dataClustersOf(decision).join(', ');
      const earlier = (
        await this.store.listRequests({ entityRef: service.entityRef })
      ).filter(
        r =>
          r.requestedBy === FLEET_PROPOSER &&
          r.baseSpecVersion === service.specVersion,
      );
      const same = (r: PlacementRequest) =>
        dataClustersOf(r.decision).join(', ') === target;
      if (
        earlier.some(
          r => (r.status === 'pending' || r.status === 'rejected') && same(r),
        )
      )
        continue;
      // Every replica refreshes the fleet on its own schedule: one decided
      // meanwhile (by another replica, or by a person) is left as it is.
      for (const stale of earlier.filter(r => r.status === 'pending')) {
        await this.decide(
          stale,
          'withdrawn',
          FLEET_PROPOSER,
          'replaced by a proposal for a newer fleet change',
        ).catch(error => {
          if (!(error instanceof DecidedMeanwhile)) throw error;
        });
      }
      const moved = diffDecisions(service.decision, decision)
        .dataMoves.map(m => `${m.kind === 'added' ? 'to' : 'off'} ${m.cluster}`)
        .join(', ');
      const proposal = await this.draft({
        // The same on every replica that read the same proposals before it,
        // so of replicas proposing at once, one files it.
        id: fleetProposalId(
          service.entityRef,
          service.specVersion,
          target,
          earlier.length,
        ),
        entityRef: service.entityRef,
        reason: `The fleet changed: the placement policy would now move data (${moved}). Data moves only by request: approve to move it, or reject to keep it where it is.`,
        requestedBy: FLEET_PROPOSER,
        spec: service.spec,
        preview: decision,
        current: service,
      });
      if (await this.store.createRequestOnce(proposal))
        await this.announce(proposal);
    }
  }

  async get(id: string): Promise<RequestView> {
    const request = await this.store.getRequest(id);
    if (!request) throw new NotFoundError(`no placement request ${id}`);
    return this.view(request);
  }

  async list(filter: RequestFilter): Promise<RequestView[]> {
    const requests = await this.store.listRequests(filter);
    return Promise.all(requests.map(r => this.view(r)));
  }

  /** One page of requests, newest first, and where the next one starts. */
  async listPage(
    filter: RequestFilter,
    page: { limit: number; after?: RequestPosition },
  ): Promise<{ items: RequestView[]; next?: RequestPosition }> {
    const { requests, next } = await this.store.pageRequests(filter, page);
    const items = await Promise.all(requests.map(r => this.view(r)));
    return next ? { items, next } : { items };
  }

  private async view(request: PlacementRequest): Promise<RequestView> {
    const current = await this.store.getService(request.entityRef);
    const stale =
      request.status === 'pending' &&
      current?.specVersion !== request.baseSpecVersion;
    if (request.status !== 'approved' || !current?.decision) {
      return { ...request, stale };
    }
    const version =
      (await this.store.specVersionOfRequest(request.id)) ??
      current.specVersion;
    const placed = current.decision.clusters
      .filter(c => c.selected)
      .map(c => c.name);
    const records = await this.statusStore.list([request.entityRef]);
    return {
      ...request,
      stale,
      waitingFor: requestWaits(placed, records, version),
    };
  }

  /**
   * Approves: in one transaction the proposal becomes the service's next
   * version with its decision, and the releases the approver was shown are
   * recorded; then the sync takes it from there (`onApproved`). Data goes
   * exactly where the request's preview put it.
   */
  async approve(
    id: string,
    actor: string,
    comment?: string,
  ): Promise<RequestView> {
    const request = await this.pendingRequest(
      id,
      requestedBy => requestedBy !== actor,
      'you cannot approve your own request; another approver must decide it',
    );
    const failed = request.checks.filter(c => !c.passed);
    if (failed.length > 0) {
      throw new ConflictError(
        `the request fails its policy checks and cannot be approved: ${failed
          .map(c => `${c.name}: ${c.message}`)
          .join('; ')}`,
      );
    }
    if (request.stale) {
      throw new ConflictError(
        `${request.entityRef} changed since this request was filed; its preview is out of date, so it must be filed again`,
      );
    }
    const current = await this.store.getService(request.entityRef);
    const previewed = dataClustersOf(request.decision);
    const decision = this.placement.evaluate(request.spec, current?.decision, {
      pinnedData: previewed,
    });
    const placed = dataClustersOf(decision);
    if (placed.join() !== previewed.join()) {
      throw new ConflictError(
        `the fleet changed since this request was filed: its data would now be placed in [${placed.join(
          ', ',
        )}] instead of the previewed [${previewed.join(
          ', ',
        )}]; file it again to see the new preview`,
      );
    }
    await this.store.approveRequest({
      requestId: id,
      actor,
      comment,
      decision,
      diff: diffDecisions(current?.decision, decision),
      releases: releasesOf(
        request.impact,
        await this.inventory.list({ entityRefs: [request.entityRef] }),
      ),
    });
    this.metrics?.moved('approved', this.now());
    this.placement.changed(request.entityRef);
    this.approvals.notify(request.entityRef);
    return this.settled(id);
  }

  /**
   * Tells approvers about approved requests that wait too long for the
   * clusters, and fails those past the second deadline with what they
   * waited for.
   */
  async escalateOverdue(): Promise<void> {
    const now = this.now().getTime();
    for (const request of await this.list({ status: 'approved' })) {
      const since = Date.parse(request.decidedAt ?? request.updatedAt);
      // A rollout at a gate or paused waits for people, not for the
      // clusters: failing it would be wrong the moment they act.
      const people = await this.rolloutWaitingForPeople(request);
      const waiting =
        people ??
        (request.waitingFor ?? [])
          .map(w => `${w.cluster} (${w.reason})`)
          .join(', ');
      if (!people && now - since >= this.deadlines.failAfterMs) {
        try {
          await this.complete(request.id, {
            status: 'failed',
            failure: `not applied within ${formatDuration(
              this.deadlines.failAfterMs,
            )} of approval${waiting ? `; still waiting for ${waiting}` : ''}`,
          });
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      } else if (
        !request.escalatedAt &&
        now - since >= this.deadlines.escalateAfterMs
      ) {
        const escalatedAt = this.now().toISOString();
        const moved = await this.store.transitionRequest(
          request.id,
          ['approved'],
          { status: 'approved', escalatedAt },
        );
        if (!moved) continue;
        await this.store.addEvent({
          entityRef: request.entityRef,
          requestId: request.id,
          type: 'request.escalated',
          message: `approved ${formatDuration(
            now - since,
          )} ago and not applied yet${
            waiting ? `: waiting for ${waiting}` : ''
          }`,
        });
        await this.notifier.notifyEscalated({ ...request, escalatedAt });
        this.changes.notify(request.entityRef);
      }
    }
  }

  /**
   * The versions the retained StatefulSets a version releases were last
   * applied from, so that the approver is told which storage claims stay.
   */
  private async releasedStatefulSetSpecs(
    entityRef: string,
    inventory: InventoryEntry[],
    newlyReleased: string[],
  ): Promise<Map<number, FederatedService>> {
    const released = new Set(newlyReleased);
    const versions = new Set(
      inventory
        .filter(
          e =>
            e.kind === 'StatefulSet' &&
            e.state === 'retained' &&
            released.has(e.cluster) &&
            e.specVersion !== undefined,
        )
        .map(e => e.specVersion!),
    );
    const specs = new Map<number, FederatedService>();
    for (const version of versions) {
      const stored = await this.store.getVersion(entityRef, version);
      if (stored) specs.set(version, stored.spec);
    }
    return specs;
  }

  /** Why this portal refuses the version whoever brings it (see filingRefusal), or undefined. */
  refusalOf(spec: FederatedService): string | undefined {
    return filingRefusal(spec, {
      fleet: this.placement.fleet(),
      kinds: this.kinds,
      interpreters: this.interpreters,
    });
  }

  /**
   * The objects of a version that give power beyond the service, custom
   * kinds judged by how the connected clusters serve them.
   */
  async privilegedObjectsOf(
    spec: FederatedService,
  ): Promise<PrivilegedObject[]> {
    return privilegedObjects(spec, await this.servedScopes?.of(spec));
  }

  /** Why the request's staged rollout waits for people (at a gate, or paused), if it does. */
  private async rolloutWaitingForPeople(
    request: PlacementRequestView,
  ): Promise<string | undefined> {
    if (!this.rollouts) return undefined;
    const state = (await this.rollouts.list([request.entityRef])).get(
      request.entityRef,
    );
    if (state?.phase !== 'WaitingApproval' && state?.phase !== 'Paused')
      return undefined;
    const version = await this.store.specVersionOfRequest(request.id);
    if (version !== state.specVersion) return undefined;
    return `its staged rollout: ${state.message ?? state.phase}`;
  }

  async reject(
    id: string,
    actor: string,
    comment?: string,
  ): Promise<RequestView> {
    const request = await this.pendingRequest(
      id,
      requestedBy => requestedBy !== actor,
      'you cannot decide your own request; withdraw it instead',
    );
    await this.decide(request, 'rejected', actor, comment);
    return this.settled(id);
  }

  async withdraw(
    id: string,
    actor: string,
    comment?: string,
  ): Promise<RequestView> {
    const request = await this.pendingRequest(
      id,
      requestedBy => requestedBy === actor,
      'only the requester can withdraw a request',
    );
    await this.decide(request, 'withdrawn', actor, comment);
    return this.settled(id);
  }

  /**
   * Records what the sync made of an approved request: it reached every
   * cluster (`applied`) or could not (`failed`, with why).
   */
  async complete(id: string, outcome: RequestOutcome): Promise<RequestView> {
    return auditRequestAction(
      this.auditor,
      { action: 'complete', meta: { requestId: id, outcome: outcome.status } },
      async () => {
        const request = await this.get(id);
        const moved = await this.store.transitionRequest(
          id,
          ['approved'],
          outcome,
        );
        if (!moved) {
          throw new ConflictError(
            `request ${id} is ${request.status}; only an approved request can be ${outcome.status}`,
          );
        }
        await this.store.addEvent({
          entityRef: request.entityRef,
          requestId: id,
          type: `request.${outcome.status}`,
          message:
            outcome.status === 'applied'
              ? 'request applied to every cluster'
              : `request failed: ${outcome.failure}`,
        });
        this.metrics?.moved(outcome.status, this.now(), request.decidedAt);
        return this.settled(id);
      },
    );
  }

  /** The request after a move, once the people concerned are told. */
  private async settled(id: string): Promise<RequestView> {
    const request = await this.get(id);
    await this.notifier.notify(request);
    this.changes.notify(request.entityRef);
    return request;
  }

  /**
   * Moves a pending request to its outcome and records it. The move is
   * conditional, so of two replicas or users deciding at once only one wins.
   */
  private async decide(
    request: PlacementRequest,
    status: 'approved' | 'rejected' | 'withdrawn',
    actor: string,
    comment?: string,
  ) {
    const moved = await this.store.transitionRequest(request.id, ['pending'], {
      status,
      ...(status === 'withdrawn' ? {} : { decidedBy: actor }),
      comment,
    });
    if (!moved) throw new DecidedMeanwhile(request.id);
    await this.store.addEvent({
      entityRef: request.entityRef,
      requestId: request.id,
      type: `request.${status}`,
      actor,
      message: `request ${status}${comment ? `: ${comment}` : ''}`,
    });
    this.metrics?.moved(status, this.now());
  }

  /**
   * The request, if it is still pending and `allowed` lets this actor act on
   * a request of its requester; `refusal` tells the actor why not.
   */
  private async pendingRequest(
    id: string,
    allowed: (requestedBy: string) => boolean,
    refusal: string,
  ): Promise<RequestView> {
    const request = await this.get(id);
    if (request.status !== 'pending') {
      throw new ConflictError(
        `request ${request.id} is ${request.status}, not pending`,
      );
    }
    if (!allowed(request.requestedBy)) throw new NotAllowedError(refusal);
    return request;
  }
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** What filing a request takes. */
interface RequestInput {
  /** The request's id (a new random one when absent). */
  id?: string;
  entityRef: string;
  reason: string;
  requestedBy: string;
  spec: FederatedService;
  preview: PlacementDecision;
  current?: StoredService;
  /** The service's inventory, when the caller has read it already. */
  inventory?: InventoryEntry[];
}

/**
 * A fleet proposal's id, made from what it proposes and how many proposals
 * for that version came before it, formatted as a UUID (version 8, custom).
 */
function fleetProposalId(
  entityRef: string,
  specVersion: number,
  target: string,
  earlier: number,
): string {
  const hex = createHash('sha256')
    .update(JSON.stringify([entityRef, specVersion, target, earlier]))
    .digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(
    13,
    16,
  )}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
