import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  diffDecisions,
  FederatedService,
  PlacementDecision,
  PlacementRequest,
  PlacementRequestView,
  PolicyCheck,
} from '@miniplanes/plugin-miniplanes-common';
import { AuditorService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { ClusterStatusStore } from '../store/ClusterStatusStore';
import { MiniplanesStore, StoredService } from '../store/types';
import { requestWaits } from './requestWaits';
import { auditRequestAction } from './auditRequestAction';
import { ChangeListeners } from '../lib/ChangeListeners';
import { PlacementService } from '../placement/PlacementService';
import { RequestNotifier } from './RequestNotifier';

type RequestView = PlacementRequestView;

/** What the sync made of an approved request. */
export type RequestOutcome =
  | { status: 'applied' }
  | { status: 'failed'; failure: string };

/**
 * The lifecycle of placement requests: pending → approved → applied | failed,
 * or rejected, or withdrawn. Nothing reaches the current spec (and so the
 * clusters) without an approval; nobody approves their own request; a failed
 * policy check blocks approval for everyone. Every move is notified; moves
 * users make are audited by the router (it has the HTTP request), the sync's
 * outcomes here.
 */
export class RequestService {
  private readonly store: MiniplanesStore;
  private readonly placement: PlacementService;
  private readonly notifier: RequestNotifier;
  private readonly auditor: AuditorService;
  private readonly statusStore: ClusterStatusStore;
  private readonly now: () => Date;
  private readonly changes = new ChangeListeners();

  constructor(options: {
    store: MiniplanesStore;
    placement: PlacementService;
    notifier: RequestNotifier;
    auditor: AuditorService;
    /** The sync's per-cluster status, for what an approved request waits for. */
    statusStore: ClusterStatusStore;
    now?: () => Date;
  }) {
    this.store = options.store;
    this.placement = options.placement;
    this.notifier = options.notifier;
    this.auditor = options.auditor;
    this.statusStore = options.statusStore;
    this.now = options.now ?? (() => new Date());
  }

  /** Calls the listener with the service's entity ref whenever one of its requests moves. */
  onChange(listener: (entityRef: string) => void): () => void {
    return this.changes.add(listener);
  }

  private checks(
    spec: FederatedService,
    entityRef: string,
    preview: PlacementDecision,
    current?: StoredService,
  ): PolicyCheck[] {
    const diff = diffDecisions(current?.decision, preview);
    // A release acts once, in the version that adds the cluster to the list.
    const listed = new Set(current?.spec.spec.data?.release ?? []);
    const released = (spec.spec.data?.release ?? []).filter(
      cluster => !listed.has(cluster),
    );
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
      {
        name: 'data-release',
        // Approvers decide it knowingly: approval deletes data.
        passed: true,
        message:
          released.length === 0
            ? 'no retained data is deleted'
            : `approving deletes the data this service left in ${released.join(
                ', ',
              )} before this version`,
      },
    ];
  }

  async file(input: {
    entityRef: string;
    reason: string;
    spec: FederatedService;
    requestedBy: string;
  }): Promise<RequestView> {
    if (input.spec.metadata.entityRef !== input.entityRef) {
      throw new InputError(
        `spec.metadata.entityRef: the document is for ${input.spec.metadata.entityRef}, but the request is for ${input.entityRef}`,
      );
    }
    const current = await this.store.getService(input.entityRef);
    const preview = this.placement.evaluate(input.spec, current?.decision);
    const at = this.now().toISOString();
    const request: PlacementRequest = {
      id: randomUUID(),
      entityRef: input.entityRef,
      status: 'pending',
      requestedBy: input.requestedBy,
      reason: input.reason,
      spec: input.spec,
      decision: preview,
      diff: diffDecisions(current?.decision, preview),
      checks: this.checks(input.spec, input.entityRef, preview, current),
      ...(current ? { baseSpecVersion: current.specVersion } : {}),
      createdAt: at,
      updatedAt: at,
    };
    await this.store.createRequest(request);
    await this.store.addEvent({
      entityRef: request.entityRef,
      requestId: request.id,
      type: 'request.filed',
      actor: request.requestedBy,
      message: `request filed: ${request.reason}`,
    });
    await this.notifier.notify(request);
    this.changes.notify(request.entityRef);
    return { ...request, stale: false };
  }

  async get(id: string): Promise<RequestView> {
    const request = await this.store.getRequest(id);
    if (!request) throw new NotFoundError(`no placement request ${id}`);
    return this.view(request);
  }

  async list(filter: {
    status?: PlacementRequest['status'];
    entityRef?: string;
  }): Promise<RequestView[]> {
    const requests = await this.store.listRequests(filter);
    return Promise.all(requests.map(r => this.view(r)));
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

  /** Approves: the proposal becomes the current spec, and the sync takes it from there. */
  async approve(
    id: string,
    actor: string,
    comment?: string,
  ): Promise<RequestView> {
    const request = await this.get(id);
    this.assertPending(request);
    if (request.requestedBy === actor) {
      throw new NotAllowedError(
        'you cannot approve your own request; another approver must decide it',
      );
    }
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
    await this.decide(request, 'approved', actor, comment);
    await this.placement.putSpec({
      spec: request.spec,
      source: 'request',
      actor,
      requestId: id,
    });
    return this.settled(id);
  }

  async reject(
    id: string,
    actor: string,
    comment?: string,
  ): Promise<RequestView> {
    const request = await this.get(id);
    this.assertPending(request);
    if (request.requestedBy === actor) {
      throw new NotAllowedError(
        'you cannot decide your own request; withdraw it instead',
      );
    }
    await this.decide(request, 'rejected', actor, comment);
    return this.settled(id);
  }

  async withdraw(
    id: string,
    actor: string,
    comment?: string,
  ): Promise<RequestView> {
    const request = await this.get(id);
    this.assertPending(request);
    if (request.requestedBy !== actor) {
      throw new NotAllowedError('only the requester can withdraw a request');
    }
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
    if (!moved) {
      throw new ConflictError(
        `request ${request.id} was decided by someone else meanwhile`,
      );
    }
    await this.store.addEvent({
      entityRef: request.entityRef,
      requestId: request.id,
      type: `request.${status}`,
      actor,
      message: `request ${status}${comment ? `: ${comment}` : ''}`,
    });
  }

  private assertPending(request: PlacementRequest) {
    if (request.status !== 'pending') {
      throw new ConflictError(
        `request ${request.id} is ${request.status}, not pending`,
      );
    }
  }
}
