import {
  createPlacementEvaluator,
  dataClustersOf,
  diffDecisions,
  evaluatePlacement,
  OperatorProfile,
  withDataOperations,
  FederatedService,
  Fleet,
  PlacementDecision,
  PlacementPlugin,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { FleetService } from '../fleet/FleetService';
import { describeFailover } from './describeFailover';
import { MiniplanesStore, StoredService } from '../store/MiniplanesStore';
import { ChangeListeners } from '../lib/ChangeListeners';
import { eventLoopSlices } from '../lib/eventLoopSlices';
import { decisionDigest, placedLines } from '../store/decisionColumns';

/** A fleet change would move a service's data: only an approved request may. */
export interface DataMoveProposal {
  service: StoredService;
  /** Where the data would go if it could move: the preview of a proposal. */
  decision: PlacementDecision;
}

/**
 * Keeps each federated service's decision current: evaluates new specs, and
 * re-evaluates every service when the fleet changes, preferring where things
 * already run (the engine's stability rule). A fleet change moves compute
 * only: data stays where the approved version put it, and a change that
 * would move it comes back as a proposal for owners and approvers.
 */
export class PlacementService {
  private readonly changes = new ChangeListeners();

  constructor(
    private readonly store: MiniplanesStore,
    private readonly fleetService: FleetService,
    private readonly plugins?: PlacementPlugin[],
    /** Operator profiles for data operations; the built-in ones when absent. */
    private readonly profiles?: OperatorProfile[],
    /**
     * Failover: an unhealthy cluster keeps its compute for the grace period,
     * its data for good (the engine's built-in rule, on its fast path).
     */
    private readonly failover?: { gracePeriodMs: number; now?: () => Date },
    /**
     * The sync's resource interpreters, so that placement counts what one
     * replica of a custom kind requests; the built-in ones when absent.
     */
    private readonly interpreters?: readonly ResourceInterpreter[],
  ) {}

  /** The failover policy at this instant, for one evaluation. */
  private failoverNow() {
    if (!this.failover) return {};
    const { gracePeriodMs, now } = this.failover;
    return { failover: { gracePeriodMs, now: now?.() ?? new Date() } };
  }

  /** Calls the listener whenever a service's spec or decision changes (the sync reacts to it). */
  onChange(listener: (entityRef: string) => void): () => void {
    return this.changes.add(listener);
  }

  /** The fleet placement is evaluated against now. */
  fleet(): Fleet {
    return this.fleetService.getFleet();
  }

  /** The operator profiles data operations are rendered with; the built-in ones when undefined. */
  operatorProfiles(): OperatorProfile[] | undefined {
    return this.profiles;
  }

  /**
   * A service's decision against the fleet now, with its data operations
   * (a backup whose location the data may not go to makes it unsatisfiable).
   */
  evaluate(
    spec: FederatedService,
    previous?: PlacementDecision,
    options: { pinnedData?: string[] } = {},
  ): PlacementDecision {
    const fleet = this.fleetService.getFleet();
    return withDataOperations({
      service: spec,
      fleet,
      profiles: this.profiles,
      decision: evaluatePlacement({
        service: spec,
        fleet,
        previous,
        ...(this.plugins ? { plugins: this.plugins } : {}),
        ...this.failoverNow(),
        interpreters: this.interpreters,
        ...(options.pinnedData ? { pinnedData: options.pinnedData } : {}),
      }),
    });
  }

  /** Tells the listeners (the sync, the portal) that a service changed outside this service, e.g. by an approval. */
  changed(entityRef: string): void {
    this.changes.notify(entityRef);
  }

  /** Stores a new spec version and its decision. */
  async putSpec(input: {
    spec: FederatedService;
    source: StoredService['source'];
    actor?: string;
    requestId?: string;
  }): Promise<StoredService> {
    const entityRef = input.spec.metadata.entityRef;
    const before = await this.store.getService(entityRef);
    const stored = await this.store.putSpec({ entityRef, ...input });
    const decision = this.evaluate(input.spec, before?.decision);
    await this.store.setDecision(entityRef, stored.specVersion, decision);
    await this.store.addEvent({
      entityRef,
      requestId: input.requestId,
      type: 'spec.changed',
      actor: input.actor,
      message: `spec version ${stored.specVersion} from ${input.source}`,
      details: { diff: diffDecisions(before?.decision, decision) },
    });
    this.changes.notify(entityRef);
    return { ...stored, decision };
  }

  /**
   * Re-evaluates every service against the current fleet with its data
   * pinned where it is; records what moved (compute) and why. Returns the
   * services whose data the fleet change would move, for proposals.
   */
  async reevaluateAll(): Promise<{
    changed: number;
    dataMoves: DataMoveProposal[];
  }> {
    let changed = 0;
    const dataMoves: DataMoveProposal[] = [];
    // The bulk path: services with the same policy share one evaluation.
    const fleet = this.fleetService.getFleet();
    const evaluator = createPlacementEvaluator({
      fleet,
      ...(this.plugins ? { plugins: this.plugins } : {}),
      ...this.failoverNow(),
      interpreters: this.interpreters,
    });
    const withOperations = (
      service: StoredService,
      decision: PlacementDecision,
    ) =>
      withDataOperations({
        service: service.spec,
        fleet,
        profiles: this.profiles,
        decision,
      });
    // Thousands of evaluations: API requests get the event loop between them.
    const slice = eventLoopSlices();
    for (const service of await this.store.listServices()) {
      await slice();
      const hasData = service.spec.spec.resources.some(r => r.role === 'data');
      const pinnedData =
        hasData && service.decision
          ? dataClustersOf(service.decision)
          : undefined;
      const decision = withOperations(
        service,
        evaluator
          .evaluate(service.spec, service.decision, { pinnedData })
          .toPlacementDecision(),
      );
      if (pinnedData) {
        const free = evaluator
          .evaluate(service.spec, service.decision)
          .toPlacementDecision();
        if (!sameClusters(dataClustersOf(free), pinnedData) && free.satisfiable)
          dataMoves.push({ service, decision: free });
      }
      // The stored decision lists the clusters it places; its digest covers
      // every cluster's reasons, so a changed explanation is written too.
      if (decisionDigest(decision) === service.decisionDigest) continue;
      // Written only for the version it was computed from: an approval
      // meanwhile wins.
      if (
        !(await this.store.setDecision(
          service.entityRef,
          service.specVersion,
          decision,
        ))
      )
        continue;
      changed += 1;
      const diff = diffDecisions(service.decision, placedLines(decision));
      if (!diff.unchanged) {
        const failover = describeFailover(diff, decision);
        await this.store.addEvent({
          entityRef: service.entityRef,
          type: failover ? 'placement.failover' : 'decision.changed',
          message: failover
            ? `failover: ${failover}`
            : `placement changed after a fleet change: ${diff.changes
                .map(c => `${c.role} on ${c.cluster} ${c.before}→${c.after}`)
                .join(', ')}`,
          details: { diff },
        });
      }
      this.changes.notify(service.entityRef);
    }
    return { changed, dataMoves };
  }
}

function sameClusters(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
