import { missingAppliedData } from './appliedData';
import { COUNTRIES } from './arbitraries';
import { BackendInstance, WATCH_MAX_AGE_MS } from './backendInstance';
import { FaultActions } from './faultActions';
import {
  changeFleet,
  claimingStatefulSets,
  driftObject,
  replaceObject,
} from './fleetActions';
import { isScenarioKind, keyOf, pathOf } from './kubePaths';
import { PlacementTimeline } from './placementTimeline';
import {
  APPROVER,
  OWNER,
  RequestActions,
  RequestCounts,
} from './requestActions';
import {
  Change,
  ForeignObject,
  Scenario,
  ServiceShape,
  Step,
} from './scenario';
import {
  declared,
  isData,
  jurisdictionAllowed,
  ScenarioModel,
} from './ScenarioModel';
import { ScenarioWorld } from './ScenarioWorld';
import {
  anotherInstallationsMetadata,
  entityRefOf,
  manifestOf,
} from './serviceDocument';
import { Violation, WriteLogChecker } from './WriteLogChecker';

/** Passes after the faults clear within which every cluster must stop changing. */
export const CONVERGENCE_PASSES = 8;
/**
 * More per cluster when a service rolls out in stages: one cluster at a
 * time takes two passes each (the write, then the pass that sees it ready).
 */
export const ROLLOUT_PASSES_PER_CLUSTER = 2;
/** Past every request deadline (escalation 15 min, failure 24 h). */
const PAST_DEADLINES_MS = 25 * 3600_000;
/** Longer than the scenarios' longest cluster backoff (400 ms). */
const BACKOFF_MS = 450;
/** Up to how many passes a placed-back service waits to be written where it was released. */
const PLACE_BACK_PASSES = 8;
/**
 * Longer than any backoff, Retry-After (at most 1 s) included: every
 * cluster is called again; and than a watched list is trusted: the
 * convergence passes list afresh what a stalled watch hid.
 */
const AFTER_FAULTS_MS = Math.max(1100, WATCH_MAX_AGE_MS + 100);
const STEP_MINUTES = 1;
/** How long a killed backend's calls already in flight may take to land. */
const KILLED_PASS_MS = 2000;

export interface RunReport {
  steps: number;
  writesChecked: number;
  miniplanesWrites: number;
  judged: Record<string, number>;
  faults: Record<string, number>;
  requests: RequestCounts & { applied: number; failed: number };
  refusals: Record<string, number>;
  /** Rollout actions taken, and the phases the services' last rollouts ended in. */
  rollouts: Record<string, number>;
  database: 'sqlite' | 'postgres';
  replicas: number;
  /** Into how many shards each replica split the sync. */
  shards: number;
  /** Whether watched lists stopped their watches past 2 own writes (not the product's 50). */
  echoStopLow: boolean;
  /** The clusters served HTTPS, and every client spoke HTTP/2 to them. */
  overTls: boolean;
  violations: Violation[];
  milliseconds: number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function count(into: Record<string, number>, key: string) {
  into[key] = (into[key] ?? 0) + 1;
}

/**
 * An approver opens the gate of the rest, or the owner pauses, resumes or
 * aborts, as through the REST API; false when there is nothing to act on
 * (no rollout of the current version, one that ended, the requester at a gate).
 */
async function actOnRollout(
  backend: BackendInstance,
  entityRef: string,
  action: 'approveStage' | 'pause' | 'resume' | 'abort',
): Promise<boolean> {
  try {
    await backend.rolloutControl.act({
      entityRef,
      action,
      stage: 'rest',
      actor: action === 'approveStage' ? APPROVER : OWNER,
    });
    return true;
  } catch (error) {
    if (
      ['NotFoundError', 'ConflictError', 'NotAllowedError'].includes(
        (error as Error).name,
      )
    )
      return false;
    throw error;
  }
}

class ScenarioRun {
  private readonly model: ScenarioModel;
  private readonly checker: WriteLogChecker;
  private readonly faults: FaultActions;
  private readonly requests: RequestActions;
  private readonly violations: Violation[] = [];
  private readonly timeline = new PlacementTimeline();
  private readonly rollouts: Record<string, number> = {};
  private passes = 0;
  /** Steps up to this one run without a sync pass. */
  private quietThrough = -1;
  /** What an aimed relabel found before its step, for the step's change to call compute. */
  private outsideItsJurisdiction?: { initial: ServiceShape; resource: number };

  constructor(
    private readonly scenario: Scenario,
    private readonly world: ScenarioWorld,
    private readonly trace?: (line: string) => void,
  ) {
    this.model = new ScenarioModel(scenario);
    this.checker = new WriteLogChecker(world, this.model);
    this.faults = new FaultActions(world);
    this.requests = new RequestActions(world, this.model);
  }

  private snapshot() {
    return this.model.snapshot(this.world.labels);
  }

  private async check(step: number, contexts = [this.snapshot()]) {
    const found = await this.checker.check(step, contexts);
    this.violations.push(
      ...found.map(v => {
        const owner = / of (\S+:\S+\/\S+?)[, ]/.exec(v.message)?.[1];
        return v.invariant <= 3 && owner
          ? { ...v, message: `${v.message}${this.timeline.of(owner)}` }
          : v;
      }),
    );
  }

  /** Notes miniplanes' own view of every service, to explain a report. */
  private async recordTimeline(step: number) {
    const backend = this.server();
    if (backend.killed) return;
    await this.timeline.record(
      step,
      backend,
      this.scenario.services.map(entityRefOf),
    );
  }

  /** The backend whose turn it is to run the sync (the scheduler runs one at a time). */
  private syncer(): number {
    return this.passes % this.world.backends.length;
  }

  /** The backend that serves the API meanwhile (the other replica, when there are two). */
  private server(): BackendInstance {
    const { backends } = this.world;
    return backends[(this.syncer() + 1) % backends.length];
  }

  /**
   * A periodic pass: each shard's, at once, the first on the syncer and the
   * next ones on the replicas after it (the scheduler runs each shard's task
   * on whichever replica claims it).
   */
  private async pass(signal?: AbortSignal) {
    const { backends } = this.world;
    const syncer = this.syncer();
    this.passes += 1;
    await backends[syncer].fleetChanged();
    await Promise.all(
      backends[syncer].runners.map((_, shard) =>
        backends[(syncer + shard) % backends.length].runners[
          shard
        ].runScheduled(signal),
      ),
    );
  }

  async run(): Promise<Omit<RunReport, 'milliseconds'>> {
    await this.createForeignObjects();
    await this.check(-1);
    for (const shape of this.scenario.services) {
      await this.requests.file(this.server(), shape, [], 'approve', -1);
    }
    await this.pass();
    await this.check(-1);
    await this.recordTimeline(-1);
    this.trace?.('services filed and synced');
    for (const [index, step] of this.scenario.steps.entries()) {
      await this.runStep(index, step);
    }
    await this.finish(this.scenario.steps.length);
    return {
      steps: this.scenario.steps.length,
      writesChecked: this.checker.writesChecked,
      miniplanesWrites: this.checker.miniplanesWrites,
      judged: this.checker.judged,
      faults: this.faults.injected,
      requests: { ...this.requests.counts, ...(await this.outcomes()) },
      refusals: this.requests.refusals,
      rollouts: { ...this.rollouts, ...(await this.rolloutPhases()) },
      database: this.world.database.engine,
      replicas: this.world.backends.length,
      shards: this.scenario.shards ?? 1,
      echoStopLow: this.scenario.echoedWritesMin !== undefined,
      overTls: this.scenario.tls === true,
      violations: this.violations,
    };
  }

  private async runStep(index: number, step: Step) {
    const started = Date.now();
    const writes = this.checker.miniplanesWrites;
    const violations = this.violations.length;
    await this.runStepPhases(index, step);
    this.trace?.(
      `step ${index} ${JSON.stringify(step)}: ${Date.now() - started} ms, ${
        this.checker.miniplanesWrites - writes
      } write(s), ${this.violations.length - violations} violation(s)`,
    );
  }

  private async runStepPhases(index: number, step: Step) {
    // Judged from the start of the step as the backends see the fleet then.
    if (step.type === 'relabel' && step.aim === 'heldData')
      this.outsideItsJurisdiction = await this.dataOutsideItsJurisdiction(
        step.cluster,
      );
    const before = this.snapshot();
    // The scheduler runs one pass at a time: steps that sync themselves run alone.
    const quiet = index <= this.quietThrough;
    const concurrent =
      !quiet &&
      this.world.backends.length > 1 &&
      step.type !== 'kill' &&
      step.type !== 'relocate';
    // With two replicas, one serves the change while the other syncs, or
    // the syncing one serves it too, once its pass is under way.
    if (concurrent && this.scenario.serveOnSyncer) {
      const syncer = this.world.backends[this.syncer()];
      const started = syncer.nextPassStarts();
      const passing = this.pass();
      await Promise.race([started, passing]);
      await Promise.all([this.change(index, step, syncer), passing]);
    } else {
      await Promise.all([
        this.change(index, step),
        concurrent ? this.pass() : Promise.resolve(),
      ]);
    }
    // Approvals passed their service at once, beside (after) that pass.
    await Promise.all(this.world.backends.map(b => b.immediatePassesDone()));
    if (step.type === 'relabel') this.model.relabelled(this.world.labels);
    const after = this.snapshot();
    await this.check(index, [before, after]);
    if (step.type === 'kill') await this.killMidPass(step.afterMs);
    else if (quiet) await this.world.backends[this.syncer()].fleetChanged();
    else await this.pass();
    await this.check(index, [after]);
    await this.recordTimeline(index);
    await this.requests.refreshApplied(this.server());
    this.faults.expire(index);
    this.world.advanceClock(STEP_MINUTES * 60_000);
  }

  private clusterAt(pick: number): string {
    const names = this.world.clusterNames;
    return names[pick % names.length];
  }

  /**
   * The object a hand edit changes: one miniplanes manages in the step's
   * cluster (not a Namespace, to be replaced), or, aimed at claims, a
   * StatefulSet that makes claims in the first cluster from there that has
   * one (they are few).
   */
  private async driftTarget(
    step: Extract<Step, { type: 'drift' }>,
  ): Promise<[string, { kind: string; path: string }] | undefined> {
    const names = this.world.clusterNames;
    const tries = step.aim === 'claims' ? names.length : 1;
    for (let i = 0; i < tries; i++) {
      const cluster = this.clusterAt(step.cluster + i);
      const managed = this.checker.managedObjects(cluster);
      let objects: { kind: string; path: string }[] = managed;
      if (step.aim === 'claims')
        objects = await claimingStatefulSets(this.world, managed, cluster);
      else if (step.aim === 'replace')
        objects = managed.filter(o => o.kind !== 'Namespace');
      if (objects.length > 0)
        return [cluster, objects[step.pick % objects.length]];
    }
    return undefined;
  }

  /**
   * A service leaves a cluster where someone made an object in place of
   * one of its own: its owner moves it to the other group, so that the
   * sync comes to delete what it applied there (and must leave that object
   * alone; data stays, retained).
   */
  private async leave(
    index: number,
    owner: string | null,
    cluster: string,
    server: BackendInstance,
  ) {
    const shape = this.scenario.services.find(s => entityRefOf(s) === owner);
    if (!shape) return;
    const group =
      this.world.labels.get(cluster)!.group === 'blue' ? 'green' : 'blue';
    await this.requests.file(
      server,
      shape,
      [{ kind: 'group', group }],
      'approve',
      index,
    );
    this.faults.count('then its service moved away');
  }

  /**
   * Data held in a cluster the data may no longer be in (before the step):
   * the first cluster from `pick` that holds data of a service (of a kind a
   * version may call compute) is relabelled to a jurisdiction that data may
   * not be in, and the backends see it. The step's change then calls that
   * data compute (see dataCalledCompute). Compute may run there now, but
   * what held data there must not be written again. Answers the request
   * that change files, if a cluster had such data.
   */
  private async dataOutsideItsJurisdiction(pick: number) {
    const server = this.server();
    const names = this.world.clusterNames;
    for (let i = 0; i < names.length; i++) {
      const cluster = this.clusterAt(pick + i);
      for (const entry of await server.inventory.list({ cluster })) {
        if (!entry.data || entry.state !== 'applied') continue;
        const initial = this.scenario.services.find(
          s => entityRefOf(s) === entry.entityRef,
        );
        if (!initial) continue;
        const shape = this.model.current(entry.entityRef)?.shape ?? initial;
        const resource = shape.resources.findIndex(
          r =>
            r.kind === entry.kind &&
            r.name === entry.name &&
            r.role === 'data' &&
            r.kind !== 'PersistentVolumeClaim' &&
            !(r.kind === 'StatefulSet' && r.claims),
        );
        const jurisdiction = COUNTRIES.find(
          j => !jurisdictionAllowed(this.scenario, shape, j),
        );
        if (resource < 0 || !jurisdiction) continue;
        this.world.labels.set(cluster, {
          ...this.world.labels.get(cluster)!,
          jurisdiction,
        });
        this.model.relabelled(this.world.labels);
        await Promise.all(this.world.backends.map(b => b.fleetChanged()));
        return { initial, resource };
      }
    }
    return undefined;
  }

  /** The owner calls compute the data dataOutsideItsJurisdiction found, and lets compute run outside the residency. */
  private async dataCalledCompute(index: number, server: BackendInstance) {
    const found = this.outsideItsJurisdiction;
    this.outsideItsJurisdiction = undefined;
    if (!found) return;
    await this.requests.file(
      server,
      found.initial,
      [
        { kind: 'role', pick: found.resource, role: 'compute' },
        { kind: 'computeOutsideResidency', allowed: true },
      ],
      'approve',
      index,
    );
    this.faults.count('data called compute where data may not be');
  }

  /**
   * The aimed relocate: the first service from `step.service` whose data an
   * approved group move takes off a cluster has that cluster released while
   * it refuses deletes, so the release waits; the data is then placed back
   * and, once written there again, moved away again.
   */
  private async releaseWaitingThenPlacedBack(
    index: number,
    step: Extract<Step, { type: 'relocate' }>,
  ) {
    const { services } = this.scenario;
    for (let i = 0; i < services.length; i++) {
      const shape = services[(step.service + i) % services.length];
      const entityRef = entityRefOf(shape);
      const before = this.model.current(entityRef);
      if (!before?.dataClusters.length) continue;
      const left = before.shape.group ?? null;
      const groups = [step.group, 'blue', 'green', null] as const;
      const group = groups.find(g => g !== left)!;
      await this.moveTo(shape, group, index);
      const moved = this.model.current(entityRef)!;
      const gone = before.dataClusters.filter(
        c => !moved.dataClusters.includes(c),
      );
      if (gone.length === 0) continue;
      await this.pass();
      const released = gone[step.pick % gone.length];
      // The release change picks among the clusters the data ever left.
      const pick = this.model.dataLeft(entityRef).indexOf(released);
      // The cluster refuses deletes (say, its admission webhook is down):
      // the release waits, as it would for a cluster out of reach.
      const cluster = this.world.cluster(released);
      cluster.injectError({
        status: 503,
        verb: 'delete',
        message: 'deletes are refused for now',
      });
      try {
        await this.fileApproved(shape, { kind: 'release', pick }, index);
        if (!this.model.current(entityRef)!.newlyReleased.includes(released))
          return;
        this.faults.count('release approved while its cluster refused deletes');
        if (!(await this.placedBack(shape, released, left, index))) return;
      } finally {
        this.faults.keepOnlyLasting(released);
      }
      this.faults.count('then its data placed there again');
      await this.moveTo(shape, group, index);
      return;
    }
  }

  /** The owner moves a service's data to a group of clusters, approved at once. */
  private moveTo(
    shape: ServiceShape,
    group: 'blue' | 'green' | null,
    index: number,
  ) {
    return this.fileApproved(shape, { kind: 'group', group }, index);
  }

  /** The owner files one change to a service, and it is approved at once. */
  private fileApproved(shape: ServiceShape, change: Change, index: number) {
    return this.requests.file(this.server(), shape, [change], 'approve', index);
  }

  /**
   * With a release of `released` waiting, moves the data back to the group
   * it left; says whether it was written in `released` again (so it is the
   * service's data again, which that release must not delete).
   */
  private async placedBack(
    shape: ServiceShape,
    released: string,
    left: 'blue' | 'green' | null,
    index: number,
  ): Promise<boolean> {
    const cluster = this.world.cluster(released);
    const since = cluster.lastWriteSeq;
    await this.moveTo(shape, left, index);
    const back = this.model.current(entityRefOf(shape))!;
    if (!back.dataClusters.includes(released)) return false;
    const data = new Set(
      declared(back.shape)
        .filter(isData)
        .map(d => d.key),
    );
    const writtenAgain = () =>
      cluster
        .writes({ since })
        .some(
          w =>
            w.verb !== 'delete' &&
            isScenarioKind(w.kind) &&
            data.has(
              keyOf({ kind: w.kind, namespace: w.namespace, name: w.name }),
            ),
        );
    // Once the refusals' back-off is over.
    for (let i = 0; i < PLACE_BACK_PASSES && !writtenAgain(); i++) {
      await sleep(BACKOFF_MS);
      await this.pass();
    }
    return writtenAgain();
  }

  private async change(index: number, step: Step, server = this.server()) {
    switch (step.type) {
      case 'file': {
        const shape =
          this.scenario.services[step.service % this.scenario.services.length];
        await this.requests.file(server, shape, step.changes, step.then, index);
        break;
      }
      case 'relocate': {
        if (step.aim === 'placeBack') {
          await this.releaseWaitingThenPlacedBack(index, step);
          break;
        }
        const shape =
          this.scenario.services[step.service % this.scenario.services.length];
        await this.requests.file(
          server,
          shape,
          [{ kind: 'group', group: step.group }],
          'approve',
          index,
        );
        await this.pass();
        await this.requests.file(
          this.server(),
          shape,
          [{ kind: 'release', pick: step.pick }],
          'approve',
          index,
        );
        break;
      }
      case 'decide': {
        const pending = await server.requests.list({ status: 'pending' });
        if (pending.length === 0) break;
        const request = pending[step.pick % pending.length];
        await this.requests.decide(server, request, step.then, index);
        break;
      }
      case 'relabel':
        if (step.aim === 'heldData')
          await this.dataCalledCompute(index, server);
        else await changeFleet(this.world, step, this.clusterAt(step.cluster));
        break;
      case 'locate':
      case 'taint':
      case 'capacity':
        await changeFleet(this.world, step, this.clusterAt(step.cluster));
        break;
      case 'outage':
      case 'errors':
      case 'drops':
      case 'latency':
      case 'watches':
        this.faults.inject(step, index, this.clusterAt(step.cluster));
        break;
      case 'quiet':
        this.quietThrough = Math.max(this.quietThrough, index + step.steps);
        break;
      case 'clock':
        this.world.advanceClock(step.minutes * 60_000);
        break;
      case 'rollout': {
        // Among the rollouts still under way, so that the action has one to act on.
        const refs = this.scenario.services.map(entityRefOf);
        const underWay = [...(await server.rollouts.list(refs))]
          .filter(
            ([, s]) => s.phase !== 'Completed' && s.phase !== 'RolledBack',
          )
          .map(([ref]) => ref)
          .sort();
        if (underWay.length === 0) break;
        const entityRef = underWay[step.service % underWay.length];
        if (await actOnRollout(server, entityRef, step.action))
          count(this.rollouts, step.action);
        break;
      }
      case 'drift': {
        const target = await this.driftTarget(step);
        if (!target) break;
        if (step.aim === 'replace') {
          const owner = await replaceObject(this.world, ...target);
          if (owner === undefined) break;
          this.faults.count('replaced by someone else');
          if (step.leave) await this.leave(index, owner, target[0], server);
        } else if (await driftObject(this.world, ...target))
          this.faults.count(
            step.aim === 'claims' ? 'drift of a claiming StatefulSet' : 'drift',
          );
        break;
      }
      case 'foreign':
        if (step.aim === 'unanswered')
          await this.foreignWhereUnanswered(index, step.cluster, server);
        else await this.createForeignObject(step);
        break;
      case 'kill':
        break;
      default:
        throw new Error(`unknown step ${(step as Step).type}`);
    }
  }

  /** Kills the syncing backend this long into its pass, then starts it again on the same database. */
  private async killMidPass(afterMs: number) {
    const index = this.syncer();
    const backend = this.world.backends[index];
    const abort = new AbortController();
    const pass = this.pass(abort.signal).catch(() => undefined);
    await sleep(afterMs);
    abort.abort();
    await backend.kill();
    // A dead process's calls fail; what it had in flight may still land.
    await Promise.race([pass, sleep(KILLED_PASS_MS)]);
    this.faults.count('kill');
    this.world.backends[index] = await this.world.startBackend();
  }

  /** Objects someone else made before miniplanes came, named like a service's. */
  private async createForeignObjects() {
    for (const foreign of this.scenario.foreign)
      await this.createForeignObject(foreign);
  }

  /** Someone else creates an object named like a service's, unless one of that name is there. */
  private async createForeignObject(foreign: ForeignObject) {
    const { services } = this.scenario;
    const service = services[foreign.service % services.length];
    await this.makeForeignObject(
      service,
      service.resources[foreign.resource % service.resources.length],
      this.clusterAt(foreign.cluster),
      foreign.installation,
    );
  }

  /**
   * Someone makes an object where miniplanes claimed one whose write never
   * answered, then the service leaves that cluster. A service placed in the
   * cluster gets a new ConfigMap while the cluster drops the connection of
   * the create before it commits (the claim is recorded, without a uid, and
   * nothing is there); someone makes their own ConfigMap of that name; the
   * owner moves the service to the other group of clusters, so that the sync
   * comes to delete what it claimed there, and must leave that one alone.
   */
  private async foreignWhereUnanswered(
    index: number,
    pick: number,
    server: BackendInstance,
  ) {
    const cluster = this.clusterAt(pick);
    const placed = new Set(
      (await server.inventory.list({ cluster })).map(e => e.entityRef),
    );
    const service = this.scenario.services.find(s =>
      placed.has(entityRefOf(s)),
    );
    if (!service) return;
    const resource = {
      kind: 'ConfigMap' as const,
      role: 'config' as const,
      name: `${service.name}-unanswered`,
    };
    this.world.cluster(cluster).dropConnections({
      verb: 'create',
      resource: 'configmaps',
      afterCommit: false,
      count: 1,
    });
    await this.requests.file(
      server,
      service,
      [{ kind: 'addResource', resource }],
      'approve',
      index,
    );
    await Promise.all(this.world.backends.map(b => b.immediatePassesDone()));
    const claimed = (
      await server.inventory.list({
        cluster,
        entityRefs: [entityRefOf(service)],
      })
    ).find(e => e.name === resource.name && e.kind === resource.kind);
    if (!claimed || claimed.uid) return;
    if (!(await this.makeForeignObject(service, resource, cluster))) return;
    this.faults.count('foreign object where a write never answered');
    await this.leave(index, entityRefOf(service), cluster, server);
  }

  /** Makes someone else's object like the service's resource; says whether it made one. */
  private async makeForeignObject(
    service: Scenario['services'][number],
    resource: Scenario['services'][number]['resources'][number],
    cluster: string,
    installation?: string,
  ): Promise<boolean> {
    const manifest = manifestOf({ ...resource, adopt: false }, service);
    if (installation)
      Object.assign(
        manifest.metadata,
        anotherInstallationsMetadata(
          entityRefOf(service),
          resource.role,
          installation,
        ),
      );
    if (resource.kind === 'Namespace') {
      manifest.metadata.name = service.namespace;
    } else {
      await this.world.request(cluster, 'POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: service.namespace },
      });
    }
    const { status } = await this.world.request(
      cluster,
      'POST',
      pathOf({ kind: resource.kind, namespace: service.namespace }),
      manifest,
    );
    if (status !== 201) return false;
    this.faults.count(
      installation ? "another installation's object" : 'foreign-object',
    );
    return true;
  }

  /**
   * After the faults clear and the deadlines pass: every cluster stops
   * changing within CONVERGENCE_PASSES passes (two quiet passes in a row;
   * ROLLOUT_PASSES_PER_CLUSTER more per cluster with staged rollouts)
   * and stays quiet for two more,
   * every data object of the last applied versions is where their
   * approvers saw it placed, and every approved request ended applied or
   * failed with a reason (or, its staged rollout waiting for people at a
   * gate or paused, was escalated to them).
   */
  private async finish(step: number) {
    const started = Date.now();
    try {
      await this.converge(step);
    } finally {
      this.trace?.(`end: ${Date.now() - started} ms`);
    }
  }

  private async converge(step: number) {
    this.faults.clearAll();
    this.world.advanceClock(PAST_DEADLINES_MS);
    await sleep(AFTER_FAULTS_MS);
    // Two quiet passes in a row: a pass may act on what the one before it
    // observed (the addresses a gateway reported), so one is not enough.
    // Any version of any service rolled out in stages.
    const staged = [...this.model.versions.values()].some(list =>
      list.some(v => v.shape.rollout),
    );
    const bound =
      CONVERGENCE_PASSES +
      (staged
        ? ROLLOUT_PASSES_PER_CLUSTER * this.world.clusterNames.length
        : 0);
    let quiet = 0;
    for (let i = 0; i < bound && quiet < 2; i += 1) {
      await this.pass();
      const writes = this.checker.pendingMiniplanesWrites();
      this.trace?.(`convergence pass ${i + 1}: ${writes} write(s)`);
      quiet = writes === 0 ? quiet + 1 : 0;
      await this.check(step);
      if (quiet === 0) await sleep(BACKOFF_MS);
    }
    const converged = quiet === 2;
    if (!converged) {
      this.violations.push({
        invariant: 6,
        step,
        message: `the clusters still changed after ${bound} passes without faults`,
      });
      return;
    }
    for (let i = 0; i < 2; i += 1) {
      await this.pass();
      const writes = this.checker.pendingMiniplanesWrites();
      this.trace?.(`steady-state pass ${i + 1}: ${writes} write(s)`);
      await this.check(step);
      if (writes > 0) {
        this.violations.push({
          invariant: 6,
          step,
          message: `a steady-state pass wrote ${writes} time(s)`,
        });
      }
    }
    await this.requests.refreshApplied(this.server());
    for (const message of missingAppliedData(this.world, this.model)) {
      this.violations.push({ invariant: 6, step, message });
    }
    const rollouts = await this.server().rollouts.list(
      this.scenario.services.map(entityRefOf),
    );
    for (const list of this.model.versions.values()) {
      for (const version of list) {
        const request = await this.server().requests.get(version.requestId);
        // A staged rollout at a gate or paused waits for people: escalated
        // to them, the request is not lost (PRODUCT.md, invariant 5).
        const rollout = rollouts.get(request.entityRef);
        const waitsForPeople =
          request.status === 'approved' &&
          Boolean(request.escalatedAt) &&
          (rollout?.phase === 'WaitingApproval' ||
            rollout?.phase === 'Paused') &&
          rollout.specVersion ===
            (await this.server().store.specVersionOfRequest(request.id));
        const ended =
          request.status === 'applied' ||
          (request.status === 'failed' && Boolean(request.failure)) ||
          waitsForPeople;
        if (!ended) {
          this.violations.push({
            invariant: 5,
            step,
            message: `approved request ${request.id} of ${
              request.entityRef
            } ended ${request.status}${
              request.failure ? ` (${request.failure})` : ''
            }`,
          });
        }
      }
    }
  }

  /** The phase each service's last rollout ended in. */
  private async rolloutPhases() {
    const phases: Record<string, number> = {};
    const refs = this.scenario.services.map(entityRefOf);
    for (const [ref, state] of await this.server().rollouts.list(refs)) {
      count(phases, `ended ${state.phase}`);
      this.trace?.(`rollout of ${ref}: ${JSON.stringify(state)}`);
    }
    return phases;
  }

  private async outcomes() {
    let applied = 0;
    let failed = 0;
    for (const list of this.model.versions.values()) {
      for (const version of list) {
        const { status } = await this.server().requests.get(version.requestId);
        if (status === 'applied') applied += 1;
        if (status === 'failed') failed += 1;
      }
    }
    return { applied, failed };
  }
}

/**
 * Runs one scenario: starts its clusters, foreign objects and backends,
 * files its services, runs each step (the change, then a fleet refresh and
 * a sync pass, or a pass killed midway) and checks the clusters' write logs
 * after both; then clears every fault, lets the deadlines pass, and checks
 * that the clusters converge, stay quiet, and every approved request ended.
 */
export async function runScenario(
  scenario: Scenario,
  options: {
    postgresUrl?: string;
    /** Told each step as it ends, with its duration: for replays. */
    trace?: (line: string) => void;
  } = {},
): Promise<RunReport> {
  const started = Date.now();
  const world = await ScenarioWorld.start(scenario, options);
  options.trace?.(`start: ${Date.now() - started} ms`);
  try {
    const report = await new ScenarioRun(scenario, world, options.trace).run();
    return { ...report, milliseconds: Date.now() - started };
  } finally {
    await world.stop();
  }
}
