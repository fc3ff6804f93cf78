import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DataOperationStatus,
  Fleet,
  loadBalancerKey,
  OperatorProfile,
  ResourceInterpreter,
  RolloutState,
} from '@miniplanes/plugin-miniplanes-common';
import { ConflictError } from '@backstage/errors';
import { SyncMetrics } from './SyncMetrics';
import { FleetService } from '../fleet/FleetService';
import { ChangeListeners } from '../lib/ChangeListeners';
import { RequestService } from '../requests/RequestService';
import {
  ClusterStatusStore,
  ClusterSyncRecord,
} from '../store/ClusterStatusStore';
import {
  InventoryEntry,
  InventoryStore,
  PendingRelease,
} from '../store/InventoryStore';
import { MiniplanesStore, StoredService } from '../store/MiniplanesStore';
import { ClusterClient } from '../cluster/ClusterClient';
import { ClusterClientPool } from '../cluster/ClusterClientPool';
import { unreachable } from './clusterRecord';
import { readDataOperations } from './readDataOperations';
import { requestOutcome } from './requestOutcome';
import { PassRecorder } from './PassRecorder';
import { ServicePass } from './servicePass';
import { PassReads, ServiceClusterReport, SyncEngine } from './SyncEngine';
import { stagedTarget } from './stagedRollout';
import { RenderedVersionCache } from './RenderedVersionCache';
import { PassHandover } from './PassHandover';
import { PassTargets } from './passTargets';
import { RolloutStore } from '../store/RolloutStore';
import { RequestNotifier } from '../requests/RequestNotifier';
import {
  currentVersion,
  SyncVersion,
  versionTarget,
  VersionTarget,
} from './syncTargets';
import { groupBy } from '../lib/groupBy';
import { eventLoopSlices } from '../lib/eventLoopSlices';
import { sameAsJson } from '../lib/sameAsJson';
import {
  ownsService,
  shardBucketSelector,
  SyncShard,
  WHOLE_FLEET,
} from '../store/syncShards';

/** Passes at most this many extra rounds over services changed during a pass. */
const CATCH_UP_ROUNDS = 3;

/** What a pass renders its services from, read once before the first. */
interface RenderContext {
  clusters: string[];
  fleet: Fleet;
  installation: string;
  previousOf: Map<string, ClusterSyncRecord[]>;
  inventoryOf: Map<string, InventoryEntry[]>;
  releasesOf: Map<string, PendingRelease[]>;
  rollouts: Map<string, RolloutState>;
}

/** What one pass did, for logs and tests. */
export interface SyncPassResult {
  services: number;
  clusters: number;
  writes: number;
  errors: number;
}

/** What a SyncService works with. */
export interface SyncServiceOptions {
  store: MiniplanesStore;
  statusStore: ClusterStatusStore;
  inventory: InventoryStore;
  fleet: FleetService;
  requests: RequestService;
  engine: SyncEngine;
  clients: ClusterClientPool;
  logger: LoggerService;
  /** Operator profiles for data operations; the built-in ones when absent. */
  profiles?: OperatorProfile[];
  /** How workload kinds take their replica share; the built-in ones when absent. */
  interpreters?: readonly ResourceInterpreter[];
  /** Where staged rollouts are kept; without it every version goes everywhere at once. */
  rollouts?: RolloutStore;
  /** Told when a rollout reaches a gate, to ask the approvers. */
  gates?: Pick<RequestNotifier, 'notifyGate'>;
  /** A data cluster with no successful backup for this long is flagged stale (default 26 h). */
  backupStaleAfterMs?: number;
  /** The services this sync keeps, when several replicas split them; all of them when absent. */
  shard?: SyncShard;
  /** This installation's portal (`app.baseUrl`): written on every object, so another installation's refusal can name it. */
  portal?: string;
  /** Where each pass's writes, skips and duration are counted. */
  metrics?: SyncMetrics;
  now?: () => Date;
}

/**
 * Makes every member cluster hold what the current decisions say: renders
 * each service's manifests, runs the engine on every connected cluster at
 * once, keeps the per-cluster status, records drift and retained data in the
 * services' history, and settles the approved requests the sync carried out.
 * Runs from a global scheduled task, so one replica at a time writes; with
 * the services split into shards, one such task and lease a shard, and each
 * SyncService syncs only the services of its own shard.
 *
 * A version that cannot be synced (it does not render, or its placement
 * cannot be met) never stops the service: the last good version stays in
 * sync, drift is still repaired, and the failure is reported.
 */
export class SyncService {
  private readonly changes = new ChangeListeners();
  /** Specs of earlier versions, which never change, read once. */
  private readonly versions = new Map<string, SyncVersion['spec']>();
  /** What versions rendered to, reused while their inputs stay the same. */
  private readonly rendered = new RenderedVersionCache();

  constructor(private readonly options: SyncServiceOptions) {}

  /** The services this sync keeps. */
  get shard(): SyncShard {
    return this.options.shard ?? WHOLE_FLEET;
  }

  /** Calls the listener with a service's entity ref whenever its sync status changes. */
  onStatusChange(listener: (entityRef: string) => void): () => void {
    return this.changes.add(listener);
  }

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Syncs every service, then those whose spec or decision changed
   * meanwhile. With a hand-over, services can be handed to a newer pass
   * while it runs: this pass then leaves them alone to its end.
   */
  async syncAll(
    signal?: AbortSignal,
    handover?: PassHandover,
  ): Promise<SyncPassResult> {
    const started = performance.now();
    let failed = true;
    try {
      const result = await this.syncEveryService(signal, handover);
      failed = false;
      return result;
    } finally {
      this.options.metrics?.passEnded(
        this.shard,
        (performance.now() - started) / 1000,
        failed,
      );
    }
  }

  private async syncEveryService(
    signal?: AbortSignal,
    handover?: PassHandover,
  ): Promise<SyncPassResult> {
    const shard = this.shard;
    const owned = (services: StoredService[]) =>
      services.filter(s => ownsService(shard, s.entityRef));
    let since = this.now();
    const services = owned(await this.options.store.listServices());
    this.rendered.retainOnly(services.map(s => s.entityRef));
    // The whole fleet's read lists and watches what the clusters hold.
    const total = await this.syncServices(services, signal, handover, {});
    for (let round = 0; round < CATCH_UP_ROUNDS; round += 1) {
      if (signal?.aborted) break;
      const changed = owned(
        await this.options.store.listServicesUpdatedSince(since),
      );
      if (changed.length === 0) break;
      since = this.now();
      const more = await this.syncServices(changed, signal, handover);
      total.writes += more.writes;
      total.errors += more.errors;
    }
    // Requests span shards: the first shard's pass looks for overdue ones.
    if (shard.index === 0) await this.options.requests.escalateOverdue();
    return total;
  }

  /**
   * Syncs the given services (all or some) to every connected cluster;
   * those of another shard are left to it, whose lease covers them. A few
   * services' pass lists their own objects where a watched copy is not
   * fresh (see PassReads).
   */
  async syncServices(
    given: StoredService[],
    signal?: AbortSignal,
    handover?: PassHandover,
    reads: PassReads = { ownWhenCold: true },
  ): Promise<SyncPassResult> {
    const { statusStore, inventory, engine, logger } = this.options;
    const services = given.filter(s => ownsService(this.shard, s.entityRef));
    const clients = await this.connectedClients();
    const clusters = clients.map(c => c.cluster);
    const refs = services.map(s => s.entityRef);
    const previous = await statusStore.list(refs);
    const previousOf = groupBy(previous, r => r.entityRef);
    const inventoryOf = groupBy(
      await inventory.list({ entityRefs: refs }),
      e => e.entityRef,
    );
    const releasesOf = groupBy(
      await inventory.pendingReleases(refs),
      r => r.entityRef,
    );
    const fleet = this.options.fleet.getFleet();
    const installation = await inventory.installation();
    const rollouts = this.options.rollouts
      ? await this.options.rollouts.list(refs)
      : new Map<string, RolloutState>();
    const context: RenderContext = {
      clusters,
      fleet,
      installation,
      previousOf,
      inventoryOf,
      releasesOf,
      rollouts,
    };
    const recorder = new PassRecorder({
      store: this.options.store,
      statusStore,
      previousOf,
      handover,
      readOperations: (pass, reports) =>
        this.readOperations([pass], reports, clients, fleet),
      settleRequests: (settled, reportsOf) =>
        this.settleRequests(settled, reportsOf),
      changed: entityRef => this.changes.notify(entityRef),
    });
    // The engine writes the first services while the rest are rendered.
    const targets = new PassTargets(services.map(s => s.entityRef));
    const add = (pass: ServicePass) => {
      recorder.add(pass);
      targets.push(pass.synced?.target);
    };
    const syncing = engine.syncAll(
      clients,
      targets,
      signal,
      handover,
      { ...reads, shardSelector: shardBucketSelector(this.shard) },
      recorder.reported,
    );
    // Awaited below, once every service is rendered.
    syncing.catch(() => undefined);
    try {
      await this.renderPasses(services, context, add, signal, handover);
      targets.end();
    } catch (error) {
      // The engine ends what it started, then fails the pass with it.
      targets.fail(error);
    }
    let reports: ServiceClusterReport[];
    try {
      reports = await syncing;
    } catch (error) {
      // No record is written after its pass ended.
      await recorder.drained().catch(() => undefined);
      throw error;
    }
    await recorder.finish(reports);
    this.options.metrics?.reported(reports);
    const result = {
      services: services.length,
      clusters: clients.length,
      writes: reports.reduce((n, r) => n + r.writes, 0),
      errors: reports.filter(r => r.state === 'Error').length,
    };
    logger.debug(
      `Synced ${result.services} service(s) to ${result.clusters} cluster(s): ${result.writes} write(s), ${result.errors} error(s)`,
    );
    return result;
  }

  /**
   * Renders each service's pass, in order, and hands it to `add` at once:
   * the current version, else the last good one. Stops once `signal`
   * aborts: the engine makes no call after that, so the rest would be
   * rendered for nothing.
   */
  private async renderPasses(
    services: StoredService[],
    context: RenderContext,
    add: (pass: ServicePass) => void,
    signal?: AbortSignal,
    handover?: PassHandover,
  ): Promise<void> {
    const { clusters, fleet, installation, previousOf } = context;
    const { inventoryOf, releasesOf, rollouts } = context;
    // Rendering thousands of services: API requests get the event loop between them.
    const slice = eventLoopSlices();
    for (const service of services) {
      await slice();
      // An approval's pass beside this one goes first.
      await handover?.giveWay();
      if (signal?.aborted) return;
      const target = (version: SyncVersion) =>
        versionTarget(
          {
            entityRef: service.entityRef,
            version,
            clusters,
            fleet,
            inventory: inventoryOf.get(service.entityRef) ?? [],
            releases: releasesOf.get(service.entityRef) ?? [],
            profiles: this.options.profiles,
            interpreters: this.options.interpreters,
            installation,
            portal: this.options.portal,
            loadBalancers: loadBalancersOf(
              previousOf.get(service.entityRef) ?? [],
            ),
            // A fallback writes no data where the current version forbids it.
            ...(version.specVersion !== service.specVersion
              ? { newerRules: [service.spec] }
              : {}),
          },
          input => this.rendered.render(input),
        );
      const version = currentVersion(service);
      const current = target(version);
      if (current.ok) {
        add(
          await this.staged(
            { service, synced: current, version },
            target,
            rollouts.get(service.entityRef),
            previousOf.get(service.entityRef) ?? [],
          ),
        );
        continue;
      }
      const good = await this.goodVersion(service);
      const fallback = good ? target(good) : undefined;
      add({
        service,
        synced: fallback?.ok ? fallback : undefined,
        version: fallback?.ok ? good : undefined,
        currentFailure: current,
      });
      if (current.persistent || good) {
        this.options.logger.warn(
          `${service.entityRef}: ${current.reason}${
            fallback?.ok
              ? `; spec version ${good!.specVersion} stays in sync`
              : ''
          }`,
        );
      }
    }
  }

  /**
   * The pass of a service whose current version rolls out in stages
   * (`spec.rollout`) from the last good version: advances the rollout from
   * what the last pass saw, keeps its state, and syncs each cluster to the
   * version the rollout gives it. Without a rollout, a good version to roll
   * from, or once it is done, the current version goes everywhere.
   */
  private async staged(
    pass: ServicePass,
    target: (version: SyncVersion) => VersionTarget,
    state: RolloutState | undefined,
    records: ClusterSyncRecord[],
  ): Promise<ServicePass> {
    const { service, synced, version } = pass;
    const rollout = service.spec.spec.rollout;
    const { rollouts } = this.options;
    if (!rollouts || !rollout || !version?.decision) return pass;
    const good = await this.goodVersion(service);
    if (!good || good.specVersion >= service.specVersion) return pass;
    if (
      state?.specVersion === service.specVersion &&
      state.phase === 'Completed'
    )
      return pass;
    const old = target(good);
    if (!old.ok) return pass;
    const stepFrom = (from: RolloutState | undefined) =>
      stagedTarget({
        rollout,
        decision: version.decision!,
        state: from,
        current: synced!.target,
        good: old.target,
        records,
        now: this.now(),
      });
    let read = state;
    let step = stepFrom(read);
    // Someone may open a gate, pause or abort meanwhile: their action is
    // never overwritten; the step is taken again from it.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (sameAsJson(read, step.state)) break;
      if (await rollouts.put(service.entityRef, step.state, read)) {
        this.changes.notify(service.entityRef);
        // The pass that wrote the transition tells the approvers, once.
        if (
          step.state.phase === 'WaitingApproval' &&
          read?.phase !== 'WaitingApproval'
        )
          await this.askForGate(service, step.state);
        break;
      }
      read = (await rollouts.list([service.entityRef])).get(service.entityRef);
      step = stepFrom(read);
    }
    return {
      ...pass,
      synced: { ok: true, target: step.target },
      rollout: step.state,
    };
  }

  /** Asks the approvers to open the stage a rollout waits at. */
  private async askForGate(service: StoredService, state: RolloutState) {
    const stage = state.stages.find(s => s.state === 'WaitingApproval');
    if (!stage || !this.options.gates) return;
    // Who asked for this version: they may not open its gates.
    let requestedBy: string | undefined;
    for (const request of await this.options.store.listRequests({
      entityRef: service.entityRef,
      status: 'approved',
    })) {
      if (
        (await this.options.store.specVersionOfRequest(request.id)) ===
        state.specVersion
      )
        requestedBy = request.requestedBy;
    }
    await this.options.gates.notifyGate({
      entityRef: service.entityRef,
      specVersion: state.specVersion,
      stage: stage.name,
      ...(requestedBy ? { requestedBy } : {}),
    });
  }

  /**
   * What the data clusters' operators report of the synced services' data
   * operations, by `entityRef cluster`; clusters the pass could not reach
   * are left out (their last report stays).
   */
  private async readOperations(
    passes: ServicePass[],
    reports: ServiceClusterReport[],
    clients: ClusterClient[],
    fleet: Fleet,
  ): Promise<Map<string, DataOperationStatus[]>> {
    const read = new Map<string, DataOperationStatus[]>();
    if (!passes.some(p => p.version?.spec.spec.dataOperations)) return read;
    const reached = new Set(
      reports
        .filter(r => !unreachable(r))
        .map(r => `${r.entityRef} ${r.cluster}`),
    );
    await Promise.all(
      passes.flatMap(({ service, version }) => {
        if (!version?.decision || !version.spec.spec.dataOperations) return [];
        const decision = version.decision;
        return clients
          .filter(c => reached.has(`${service.entityRef} ${c.cluster}`))
          .filter(c =>
            decision.clusters.some(
              d => d.name === c.cluster && d.roles.includes('data'),
            ),
          )
          .map(async client => {
            read.set(
              `${service.entityRef} ${client.cluster}`,
              await readDataOperations({
                client,
                service: version.spec,
                decision,
                fleet,
                profiles: this.options.profiles,
                now: this.now(),
                staleAfterMs: this.options.backupStaleAfterMs ?? 26 * 3600_000,
              }),
            );
          });
      }),
    );
    return read;
  }

  /** The last version the sync could render and place, while it is not the current one. */
  private async goodVersion(
    service: StoredService,
  ): Promise<SyncVersion | undefined> {
    const { goodSpecVersion, goodDecision } = service;
    if (goodSpecVersion === undefined || !goodDecision) return undefined;
    if (goodSpecVersion === service.specVersion) {
      return {
        specVersion: goodSpecVersion,
        spec: service.spec,
        decision: goodDecision,
      };
    }
    const key = `${service.entityRef}@${goodSpecVersion}`;
    let spec = this.versions.get(key);
    if (!spec) {
      spec = (
        await this.options.store.getVersion(service.entityRef, goodSpecVersion)
      )?.spec;
      if (!spec) return undefined;
      this.versions.set(key, spec);
    }
    return { specVersion: goodSpecVersion, spec, decision: goodDecision };
  }

  private async connectedClients(): Promise<ClusterClient[]> {
    const { fleet, clients, logger } = this.options;
    const connected: ClusterClient[] = [];
    for (const name of fleet.connectedClusters()) {
      try {
        connected.push(await clients.get(fleet.connection(name)!));
      } catch (error) {
        logger.warn(
          `Cannot create a client for cluster ${name}: ${
            (error as Error).message
          }`,
        );
      }
    }
    return connected;
  }

  /**
   * Settles the approved requests by their own version: applied once that
   * version is in every cluster it places something in, failed when it is
   * superseded before that, cannot be rendered, or a cluster refuses it.
   */
  private async settleRequests(
    passes: ServicePass[],
    reportsOf: (entityRef: string) => ServiceClusterReport[],
  ) {
    const { store, requests, logger } = this.options;
    const approved = groupBy(
      await store.listRequests({ status: 'approved' }),
      r => r.entityRef,
    );
    for (const { service, synced, currentFailure, rollout } of passes) {
      for (const request of approved.get(service.entityRef) ?? []) {
        const version = await store.specVersionOfRequest(request.id);
        // Approved after this pass read the service: the pass knows nothing
        // of that version, so its failures are not that version's.
        if (version !== undefined && version > service.specVersion) continue;
        let outcome;
        if (version === undefined) {
          outcome = {
            status: 'failed' as const,
            failure:
              'approved without a spec version (an interrupted approval of an earlier release); file it again',
          };
        } else if (version < service.specVersion) {
          outcome = {
            status: 'failed' as const,
            failure: `superseded by spec version ${service.specVersion} before the sync carried it out`,
          };
        } else if (currentFailure) {
          outcome = currentFailure.persistent
            ? { status: 'failed' as const, failure: currentFailure.reason }
            : undefined;
        } else if (rollout && rollout.phase !== 'Completed') {
          // Applied only when the last stage is done; a rollback fails it.
          outcome =
            rollout.phase === 'RolledBack'
              ? {
                  status: 'failed' as const,
                  failure: `rolled back: ${
                    rollout.message ?? 'the rollout failed'
                  }`,
                }
              : undefined;
        } else if (synced?.target.specVersion === version) {
          const placed = (service.decision?.clusters ?? [])
            .filter(c => c.selected)
            .map(c => c.name);
          const reports = new Map(
            reportsOf(service.entityRef).map(r => [r.cluster, r]),
          );
          outcome = requestOutcome(placed, reports);
        }
        if (!outcome) continue;
        try {
          await requests.complete(request.id, outcome);
        } catch (error) {
          // Another replica or an earlier pass settled it first.
          if (!(error instanceof ConflictError)) throw error;
          logger.debug(
            `Request ${request.id} was settled elsewhere: ${error.message}`,
          );
        }
      }
    }
  }
}

/**
 * The addresses the service's gateway Services reported at the last pass,
 * by cluster, namespace and name: what compute clusters route to.
 */
function loadBalancersOf(records: ClusterSyncRecord[]): Map<string, string[]> {
  const addresses = new Map<string, string[]>();
  for (const record of records) {
    for (const object of record.objects) {
      if (object.addresses?.length) {
        addresses.set(
          loadBalancerKey(
            record.cluster,
            object.namespace ?? 'default',
            object.name,
          ),
          object.addresses,
        );
      }
    }
  }
  return addresses;
}
