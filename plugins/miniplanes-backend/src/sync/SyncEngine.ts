import {
  ClusterSyncState,
  ObjectSyncState,
  ObjectSyncStatus,
  ResourceInterpreter,
  serviceLabelValue,
  SyncRole,
} from '@miniplanes/plugin-miniplanes-common';
import pLimit from 'p-limit';
import { ClusterBackoff } from '../cluster/ClusterBackoff';
import { ClusterClient } from '../cluster/ClusterClient';
import { ClusterCallError, toClusterCallError } from '../cluster/clusterErrors';
import {
  ADOPT_ANNOTATION,
  MANAGED_BY_LABEL,
  SHARD_BUCKET_LABEL,
  MANAGER,
  SERVICE_LABEL,
} from '../cluster/labels';
import {
  describeObject,
  KubeObject,
  objectKey,
} from '../cluster/objectIdentity';
import { describeEntry } from './describeEntry';
import { voidedReleases } from './releaseCoverage';
import { NamespaceEnsurer } from '../cluster/NamespaceEnsurer';
import {
  InventoryEntry,
  InventoryStore,
  PendingRelease,
  VoidedRelease,
} from '../store/InventoryStore';
import { applyOrderOf, applyRank } from './applyOrder';
import { eventLoopSlices } from '../lib/eventLoopSlices';
import { HandedOver, PassHandover } from './PassHandover';
import { everyClusterReported } from './everyClusterReported';
import { ClusterReads } from './clusterReads';
import { PassTargets, TargetsFailed } from './passTargets';
import { DeleteContext, whyKeep } from './deleteGuards';
import { claimsAScaleDownDeletes } from './claimDeletingScaleDown';
import { claimsLeftBehind } from './claimsLeftBehind';
import { isDataKind, refOf } from '../store/inventoryEntries';
import { DesiredObject, planClusterSync, SyncAction } from './planClusterSync';
import { workloadReadiness } from './workloadReadiness';
import { carriesIdentityOfService, otherInstallation } from './serviceIdentity';

/** One federated service as the sync sees it. */
export interface ServiceSyncTarget {
  entityRef: string;
  /** The spec version being synced (the last good one when the current cannot be). */
  specVersion: number;
  /** During a staged rollout, the version each cluster takes, where it is not `specVersion`. */
  specVersions?: Map<string, number>;
  /** For every cluster of the fleet, what should be there (possibly nothing). */
  desired: Map<string, DesiredObject[]>;
  /** Per cluster, what the inventory records this service applied there. */
  inventory: Map<string, InventoryEntry[]>;
  /** Per cluster, approved releases neither carried out nor void, by objectKey, oldest first. */
  releases?: Map<string, Map<string, PendingRelease[]>>;
  /** Per cluster, objects refused before any write (e.g. data outside its jurisdictions). */
  refused?: Map<string, ObjectSyncStatus[]>;
}

/** What one sync did for one service in one cluster. */
export interface ServiceClusterReport {
  entityRef: string;
  cluster: string;
  state: ClusterSyncState;
  objects: ObjectSyncStatus[];
  writes: number;
  message?: string;
  syncedAt: string;
  /** Why pending releases of the service here can never be carried out, found this pass. */
  voidedReleases?: string[];
}

export interface SyncEngineOptions {
  /** Concurrent writes per cluster. */
  concurrencyPerCluster: number;
  backoff: ClusterBackoff;
  /** The record of what miniplanes applied: the authority for every prune. */
  inventory: InventoryStore;
  /** How live objects report health and replicas (the built-in workloads' when absent). */
  interpreters?: readonly ResourceInterpreter[];
  /**
   * Told of each object a cluster took, as its write is answered: a
   * cluster's sync that fails or stops later reports no object, but its
   * writes happened (operators' metrics count them here).
   */
  onWritten?: (cluster: string, written: WrittenObject) => void;
  now?: () => Date;
}

/** An object written to a cluster: applied (and why), or pruned. */
export type WrittenObject =
  | { action: 'applied'; reason: ApplyAction['reason'] }
  | { action: 'pruned' };

/** Runs a cluster call within the cluster's concurrency bound. */
type LimitedCall = <T>(fn: () => Promise<T>) => Promise<T>;

type ApplyAction = Extract<SyncAction, { type: 'apply' }>;
type UnchangedAction = Extract<SyncAction, { type: 'unchanged' }>;

/** The entry of an object as this version applies it: placed, with its role, no longer retained. */
function appliedEntry(
  input: ApplyInput,
  entry: InventoryEntry,
  uid = entry.uid,
): InventoryEntry {
  const { role } = input.action;
  return {
    ...entry,
    uid,
    role,
    data: entry.data || role === 'data',
    state: 'applied',
    specVersion: versionIn(input.target, input.client.cluster),
    retainedSince: undefined,
    keptBecause: undefined,
  };
}

/**
 * A live object of the service, as an earlier version of miniplanes wrote
 * it: every label of its identity but the shard bucket.
 */
function writtenBeforeShardBuckets(
  live: KubeObject,
  entry: InventoryEntry,
  { installation }: Pick<ApplyInput, 'installation'>,
): boolean {
  return (
    live.metadata.labels?.[SHARD_BUCKET_LABEL] === undefined &&
    carriesIdentityOfService(live, entry.entityRef, installation)
  );
}

/** The cluster gave an object as applied a uid the inventory does not record yet. */
function uidLearned(action: UnchangedAction): boolean {
  const uid = action.object.metadata.uid as string | undefined;
  return Boolean(uid) && uid !== action.entry.uid;
}

interface ApplyInput {
  client: ClusterClient;
  /** This miniplanes installation: only objects that name it are its own. */
  installation: string;
  target: ServiceSyncTarget;
  namespaces: NamespaceEnsurer;
  call: LimitedCall;
  changes: InventoryChanges;
  action: ApplyAction;
}

/** Creates of an object that exists and is gone when read, before the pass gives up. */
const CREATE_ATTEMPTS = 2;

/** The namespace objects of namespaced kinds default to when a manifest has none. */
const DEFAULT_NAMESPACE = 'default';

/** How a pass reads what its clusters hold. */
export interface PassReads {
  /**
   * The pass is not the whole fleet's (an approval's, its follow-ups):
   * where a cluster's watched copy of a kind is not fresh, it lists its own
   * services' objects rather than wait for every managed object of the
   * kind to be listed. The whole fleet's pass lists them, and watches.
   */
  ownWhenCold?: boolean;
  /**
   * The selector of the pass's shard's objects (shardBucketSelector): its
   * clusters' watched copies hold those alone, not every managed object.
   */
  shardSelector?: string;
}

/** Up to how many services a pass lists its own objects (see PassReads). */
const OWN_LIST_MAX_SERVICES = 16;

/** What a service's plan in one cluster does to the inventory. */
interface InventoryChanges {
  update: InventoryEntry[];
  remove: InventoryEntry[];
  released: number[];
  voided: VoidedRelease[];
}

/**
 * Makes member clusters hold what the placement decisions say, cluster by
 * cluster, all clusters at once: a slow or failing cluster only delays itself.
 * It reads first and writes only what is missing, changed or drifted, so a
 * steady state costs no writes.
 *
 * The inventory decides what is the service's: an object is claimed in it
 * before its first write (one owner per object and cluster), and only
 * inventory entries are ever removed. An object that already exists and is
 * not the service's is never written unless its manifest adopts it. Data is
 * never deleted unless released, nor anything whose deletion would take data
 * or another owner's objects with it.
 */
export class SyncEngine {
  constructor(private readonly options: SyncEngineOptions) {}

  /**
   * `signal` is the scheduler's: once it aborts (task timeout, shutdown), no
   * further cluster call starts, so a pass never overlaps the next run.
   * `reported` is given each service's reports as soon as every cluster has
   * reported it, while the pass goes on with the others. A cluster whose
   * sync fails later reports every service there as failed: the reports
   * returned are the pass's last word.
   */
  async syncAll(
    clients: ClusterClient[],
    given: ServiceSyncTarget[] | PassTargets,
    signal?: AbortSignal,
    handover?: PassHandover,
    reads: PassReads = {},
    reported?: (reports: ServiceClusterReport[]) => void,
  ): Promise<ServiceClusterReport[]> {
    const targets = Array.isArray(given) ? PassTargets.of(given) : given;
    const report = reported
      ? everyClusterReported(clients.length, reported)
      : undefined;
    // Every cluster ends before the pass does, even when the targets fail.
    const perCluster = await Promise.allSettled(
      clients.map(client =>
        this.syncCluster(client, targets, signal, handover, reads, report),
      ),
    );
    const reports: ServiceClusterReport[] = [];
    for (const outcome of perCluster) {
      if (outcome.status === 'rejected') {
        const error = outcome.reason;
        throw error instanceof TargetsFailed ? error.cause : error;
      }
      reports.push(...outcome.value);
    }
    // A pass to no cluster has no cluster that noticed.
    targets.throwIfFailed();
    return reports;
  }

  private async syncCluster(
    client: ClusterClient,
    targets: PassTargets,
    signal?: AbortSignal,
    handover?: PassHandover,
    reads: PassReads = {},
    report?: (report: ServiceClusterReport) => void,
  ): Promise<ServiceClusterReport[]> {
    const cluster = client.cluster;
    const syncedAt = (this.options.now?.() ?? new Date()).toISOString();
    /** The same report for every service, each as its target comes: the cluster was not synced. */
    const everyService = async (
      state: 'BackingOff' | 'Error',
      message: string,
    ): Promise<ServiceClusterReport[]> => {
      const reports: ServiceClusterReport[] = [];
      for await (const { entityRef } of targets) {
        const given = {
          entityRef,
          cluster,
          state,
          objects: [],
          writes: 0,
          message,
          syncedAt,
        };
        reports.push(given);
        report?.(given);
      }
      return reports;
    };
    const waitMs = this.options.backoff.remainingMs(cluster);
    if (waitMs > 0) {
      return everyService(
        'BackingOff',
        `cluster ${cluster} is backing off after errors; next attempt in ${Math.ceil(
          waitMs / 1000,
        )} s`,
      );
    }
    try {
      const reports = await this.syncReachableCluster(
        client,
        targets,
        syncedAt,
        signal,
        handover,
        reads,
        report,
      );
      this.options.backoff.recordSuccess(cluster);
      return reports;
    } catch (error) {
      // Not the cluster's failure: the pass's, once what it started ended.
      if (error instanceof TargetsFailed) throw error;
      // What the watches showed may have missed what happened meanwhile.
      client.invalidateWatched();
      const failure = toClusterCallError(cluster, 'sync', error);
      if (failure.retryable) {
        this.options.backoff.recordFailure(cluster, failure.retryAfterMs);
      }
      return everyService('Error', failure.message);
    }
  }

  private async syncReachableCluster(
    client: ClusterClient,
    targets: PassTargets,
    syncedAt: string,
    signal?: AbortSignal,
    handover?: PassHandover,
    reads: PassReads = {},
    report?: (report: ServiceClusterReport) => void,
  ): Promise<ServiceClusterReport[]> {
    const cluster = client.cluster;
    const installation = await this.options.inventory.installation();
    // Watch events already received are applied before the copies are read.
    await new Promise(resolve => setImmediate(resolve));
    const managed = `${MANAGED_BY_LABEL}=${MANAGER}`;
    const { entityRefs } = targets;
    // Kinds side by side, within the cluster's bound: a first pass (or one
    // after a cluster error) lists each kind, and one after the other they
    // would add up.
    const clusterReads = new ClusterReads({
      client,
      limit: pLimit(this.options.concurrencyPerCluster),
      watched: reads.shardSelector
        ? `${managed},${reads.shardSelector}`
        : managed,
      own:
        reads.ownWhenCold && entityRefs.length <= OWN_LIST_MAX_SERVICES
          ? `${managed},${SERVICE_LABEL} in (${[
              ...new Set(entityRefs.map(ref => serviceLabelValue(ref))),
            ].join(',')})`
          : undefined,
    });
    const { observed } = clusterReads;

    const namespaces = new NamespaceEnsurer(client);
    // One bound for the whole cluster, shared by all services, so services
    // are written side by side rather than one after the other.
    const limit = pLimit(this.options.concurrencyPerCluster);
    let failure: unknown;
    const limited = <T>(entityRef: string, fn: () => Promise<T>) =>
      limit(async () => {
        // A newer pass beside this one (an approval's) goes first: calls
        // made meanwhile would queue ahead of its calls at the cluster.
        await handover?.giveWay();
        // Once the cluster failed its sync is over: queued calls are not made.
        if (failure) throw failure;
        if (signal?.aborted) {
          failure = new Error(
            'the sync task was stopped (timeout or shutdown); the next run resumes it',
          );
          throw failure;
        }
        // Nor those of a service handed to a newer pass (not a failure).
        if (handover?.isTaken(entityRef)) throw new HandedOver(entityRef);
        try {
          return await (handover ? handover.working([entityRef], fn) : fn());
        } catch (error) {
          failure ??= error;
          throw error;
        }
      });
    /**
     * The calls of one service. Once it is handed over, those still queued
     * end at once; those under way are awaited, and reported.
     */
    const callsOf =
      (entityRef: string): LimitedCall =>
      fn => {
        if (!handover) return limited(entityRef, fn);
        if (handover.isTaken(entityRef))
          return Promise.reject(new HandedOver(entityRef));
        return new Promise((resolve, reject) => {
          let started = false;
          limited(entityRef, () => {
            started = true;
            return fn();
          }).then(resolve, reject);
          handover.onTaken(entityRef).catch(error => {
            if (!started) reject(error);
          });
        });
      };

    const planOf = (target: ServiceSyncTarget) => {
      const desired = target.desired.get(cluster) ?? [];
      const served: DesiredObject[] = [];
      // In apply order already, so the plan need not sort it every pass.
      for (const item of applyOrderOf(desired)) {
        const scope = clusterReads.scopeOf(item.manifest);
        if (scope) served.push(withScope(item, scope));
      }
      const unserved =
        served.length === desired.length
          ? []
          : desired.filter(item => !clusterReads.scopeOf(item.manifest));
      return {
        target,
        unserved,
        plan: planClusterSync({
          desired: served,
          entries: target.inventory.get(cluster) ?? [],
          observed,
          releases: target.releases?.get(cluster),
          installation,
        }),
      };
    };
    // Planning thousands of services, and settling those that need nothing,
    // runs in microtasks alone: the event loop runs between slices (API
    // requests, other clusters), and a newer pass beside this one goes first.
    const slice = eventLoopSlices();
    // Nothing to await unless a turn is due: no promise per service.
    const takeTurn = () => {
      const sliced = slice();
      return sliced
        ? sliced.then(() => handover?.giveWay())
        : handover?.giveWay();
    };
    type Planned = ReturnType<typeof planOf>;
    let clusterInventory: Promise<InventoryEntry[]> | undefined;
    /** Filled while planning; read only by deletes, which start once every plan is made. */
    const deleting = new Set<string>();
    const deleteContext: DeleteContext = {
      client,
      clusterInventory: () =>
        (clusterInventory ??= this.options.inventory.list({ cluster })),
      deleting,
    };

    const reportOf = (
      target: ServiceSyncTarget,
      objects: ObjectSyncStatus[],
      voided: VoidedRelease[],
    ): ServiceClusterReport => ({
      entityRef: target.entityRef,
      cluster,
      state: clusterState(objects),
      objects,
      writes: objects.filter(
        o => o.action === 'applied' || o.action === 'pruned',
      ).length,
      message: objects.find(o => o.state === 'Error' || o.state === 'Conflict')
        ?.message,
      syncedAt,
      ...(voided.length > 0
        ? { voidedReleases: voided.map(v => v.because) }
        : {}),
    });
    const serviceSync = async ({
      target,
      unserved,
      plan,
    }: Planned): Promise<ServiceClusterReport> => {
      const changes: InventoryChanges = {
        update: [],
        remove: [],
        released: [],
        voided: voidedReleases(
          target.inventory.get(cluster) ?? [],
          target.releases?.get(cluster),
        ),
      };
      const objects = [
        ...(target.refused?.get(cluster) ?? []),
        ...unserved.map(d =>
          statusOf(d.manifest, d.role, 'Error', 'skipped', {
            message: `cluster ${cluster} does not serve ${d.manifest.apiVersion} ${d.manifest.kind}`,
          }),
        ),
        ...(await this.execute({
          client,
          installation,
          target,
          plan,
          namespaces,
          call: callsOf(target.entityRef),
          changes,
          deleteContext,
        })),
      ];
      await this.record(changes);
      return reportOf(target, objects, changes.voided);
    };
    /**
     * A service settled here (every object as applied and recorded, nothing
     * refused, retained or released) is reported at once: no call, no
     * record, no promise of its own. Most of a steady pass is these.
     */
    const settledReport = ({
      target,
      unserved,
      plan,
    }: Planned): ServiceClusterReport | undefined => {
      if (unserved.length > 0 || target.refused?.get(cluster)?.length)
        return undefined;
      if (target.releases?.get(cluster)?.size) return undefined;
      const objects: ObjectSyncStatus[] = [];
      for (const action of plan) {
        if (action.type !== 'unchanged' || uidLearned(action)) return undefined;
        objects.push(this.unchangedStatus(action));
      }
      return reportOf(target, objects, []);
    };
    const start = (
      planned: Planned,
    ): ServiceClusterReport | Promise<ServiceClusterReport> => {
      const settled = settledReport(planned);
      if (settled) {
        report?.(settled);
        return settled;
      }
      const synced = handover
        ? handover.working([planned.target.entityRef], () =>
            serviceSync(planned),
          )
        : serviceSync(planned);
      // Awaited below with the others; until then a failure is not unhandled.
      synced.then(report, () => undefined);
      return synced;
    };
    // A service starts as soon as it is planned, so the cluster is written
    // to while the rest are planned. One that deletes starts once every
    // plan is made (its slot is filled last): a delete's guards must know
    // all this pass deletes. The services start one after the other, each
    // on its turn (started at once, they would all have passed the check
    // before a newer pass that arrives meanwhile could run).
    const started: (ServiceClusterReport | Promise<ServiceClusterReport>)[] =
      [];
    let slots = 0;
    const deleters: { index: number; planned: Planned }[] = [];
    try {
      for (let index = 0; ; index++) {
        const turn = takeTurn();
        if (turn) await turn;
        // The next service's target: a rollout's are still being rendered.
        const next = targets.at(index);
        const target = next instanceof Promise ? await next : next;
        if (target === PassTargets.done) break;
        if (!target) continue;
        const reading = clusterReads.readFor(target, cluster);
        if (reading) await reading;
        const planned = planOf(target);
        let deletes = false;
        for (const action of planned.plan) {
          if (action.type !== 'prune') continue;
          deleting.add(action.entry.objectKey);
          deletes = true;
        }
        const slot = slots++;
        if (deletes) deleters.push({ index: slot, planned });
        else started[slot] = start(planned);
      }
    } catch (error) {
      // The services under way end before the cluster's sync does: a pass
      // never leaves writes running behind it.
      await Promise.allSettled(started);
      throw error;
    }
    for (const { index, planned } of deleters) {
      const turn = takeTurn();
      if (turn) await turn;
      started[index] = start(planned);
    }
    return Promise.all(started);
  }

  private async record(changes: InventoryChanges) {
    const { inventory } = this.options;
    if (changes.update.length > 0) await inventory.update(changes.update);
    if (changes.remove.length > 0) await inventory.remove(changes.remove);
    if (changes.released.length > 0)
      await inventory.markReleased(changes.released);
    if (changes.voided.length > 0) await inventory.markVoided(changes.voided);
  }

  /** Runs a service's plan: applies by dependency rank (each rank in parallel), then removals. */
  private async execute(input: {
    client: ClusterClient;
    installation: string;
    target: ServiceSyncTarget;
    plan: SyncAction[];
    namespaces: NamespaceEnsurer;
    call: LimitedCall;
    changes: InventoryChanges;
    deleteContext: DeleteContext;
  }): Promise<ObjectSyncStatus[]> {
    const { target, plan, call, changes } = input;
    const results: ObjectSyncStatus[] = [];
    const applies = plan.filter(
      (a): a is Extract<SyncAction, { type: 'apply' }> => a.type === 'apply',
    );
    const ranks = [...new Set(applies.map(a => applyRank(a)))].sort(
      (a, b) => a - b,
    );
    for (const rank of ranks) {
      const batch = applies.filter(a => applyRank(a) === rank);
      // Settled, not raced: a service handed over mid-batch reports (and
      // records) what its calls under way did before it stops.
      const settled = await Promise.allSettled(
        batch.map(action => this.apply({ ...input, action })),
      );
      const failed = settled.find(
        (o): o is PromiseRejectedResult =>
          o.status === 'rejected' && !(o.reason instanceof HandedOver),
      );
      if (failed) throw failed.reason;
      for (const outcome of settled)
        if (outcome.status === 'fulfilled') results.push(outcome.value);
      // Handed over: nothing more of this service here.
      if (settled.some(o => o.status === 'rejected')) return results;
    }
    for (const action of plan) {
      if (action.type === 'unchanged') {
        results.push(this.unchangedStatus(action));
        if (uidLearned(action)) {
          changes.update.push({
            ...action.entry,
            uid: action.object.metadata.uid as string,
          });
        }
      } else if (action.type === 'retain') {
        results.push(
          this.retained(
            target,
            action.entry,
            `${describeEntry(
              action.entry,
            )} holds data and is no longer placed here; it is kept until an approved version releases this cluster (spec.data.release)`,
            changes,
          ),
        );
      }
    }
    for (const action of plan) {
      if (action.type !== 'prune') continue;
      try {
        results.push(
          await call(() => this.prune({ ...input, action }, action.entry)),
        );
      } catch (error) {
        if (error instanceof HandedOver) return results;
        throw error;
      }
    }
    return results;
  }

  /** An object as applied: in sync, or progressing towards ready. */
  private unchangedStatus(action: UnchangedAction): ObjectSyncStatus {
    const readiness = workloadReadiness(
      action.object,
      this.options.interpreters,
    );
    return statusOf(
      action.object,
      action.role,
      readiness.progressing ? 'Progressing' : 'InSync',
      'none',
      readiness,
    );
  }

  /** Marks an object kept rather than deleted, and says why. */
  private retained(
    target: ServiceSyncTarget,
    entry: InventoryEntry,
    message: string,
    changes: InventoryChanges,
    keptBecause?: string,
  ): ObjectSyncStatus {
    if (entry.state !== 'retained' || entry.keptBecause !== keptBecause) {
      changes.update.push({
        ...entry,
        state: 'retained',
        retainedSince:
          entry.state === 'retained'
            ? entry.retainedSince
            : versionIn(target, entry.cluster),
        ...(keptBecause ? { keptBecause } : { keptBecause: undefined }),
      });
    }
    return statusOf(refOf(entry), entry.role, 'Retained', 'retained', {
      message,
    });
  }

  private async prune(
    input: {
      client: ClusterClient;
      installation: string;
      target: ServiceSyncTarget;
      changes: InventoryChanges;
      deleteContext: DeleteContext;
      action: Extract<SyncAction, { type: 'prune' }>;
    },
    entry: InventoryEntry,
  ): Promise<ObjectSyncStatus> {
    const { client, target, changes, action } = input;
    const ref = refOf(entry);
    // Read afresh, not from the watched copy: whether it may go is judged
    // on the object as it is now.
    const live = await client.get(ref);
    const forget = () => {
      changes.remove.push(entry);
      for (const release of action.releases ?? [])
        changes.released.push(release.id);
    };
    if (!live) {
      forget();
      return statusOf(ref, entry.role, 'InSync', 'none', {
        message: `${describeEntry(entry)} is already gone`,
      });
    }
    if (entry.uid && live.metadata.uid !== entry.uid) {
      // Someone replaced it: the object there now is not the one applied.
      forget();
      return statusOf(ref, entry.role, 'InSync', 'none', {
        message: `${describeEntry(
          entry,
        )} was replaced by an object miniplanes did not apply; it is left alone`,
      });
    }
    if (
      !entry.uid &&
      !carriesIdentityOfService(live, entry.entityRef, input.installation)
    ) {
      // Claimed, but the apply never answered: the object there is not the
      // one applied unless it says so; someone else made it meanwhile.
      forget();
      return statusOf(ref, entry.role, 'InSync', 'none', {
        message: `${describeEntry(
          entry,
        )} was claimed but its apply never answered, and the object there now is not miniplanes'; it is left alone`,
      });
    }
    const keep = await whyKeep(entry, live, input.deleteContext);
    if (keep) {
      return this.retained(
        target,
        entry,
        `${describeEntry(entry)} is no longer placed here but is kept: ${keep}`,
        changes,
        keep,
      );
    }
    const outcome = await client.delete(ref, {
      uid: (live.metadata.uid as string | undefined) ?? entry.uid,
    });
    forget();
    if (outcome === 'deleted')
      this.options.onWritten?.(client.cluster, { action: 'pruned' });
    const leftBehind =
      outcome === 'deleted'
        ? claimsLeftBehind(live, client.cluster)
        : undefined;
    return statusOf(
      ref,
      entry.role,
      'InSync',
      outcome === 'deleted' ? 'pruned' : 'none',
      leftBehind ? { message: leftBehind } : {},
    );
  }

  private async apply(input: ApplyInput): Promise<ObjectSyncStatus> {
    const { client, namespaces, call, action } = input;
    const { manifest, role } = action;
    const entry = action.entry;
    let reason = action.reason;
    // The object the plan judged the service's: the apply writes only it.
    let judged = action.live;
    try {
      if (reason === 'missing' && !entry) return await this.createNew(input);
      if (reason === 'missing') {
        const namespace = manifest.metadata.namespace;
        // Its namespace is read beside it (one round trip, not two); one
        // that is missing is created only once the object is known to be
        // the service's to write.
        const [existing, namespaceFound] = await Promise.all([
          call(() => client.get(manifest)),
          namespace ? namespaceExists(namespaces, call, namespace) : true,
        ]);
        const refusal = this.ownershipRefusal(existing, entry, manifest, input);
        if (refusal) {
          return statusOf(manifest, role, 'Conflict', 'skipped', {
            message: refusal,
          });
        }
        // Ours, but its labels were stripped: putting them back is drift.
        // One written before objects carried their shard's bucket (which a
        // sharded pass watches them by) is only brought up to date.
        if (existing)
          reason = writtenBeforeShardBuckets(existing, entry!, input)
            ? 'changed'
            : 'drift';
        judged = existing;
        if (!namespaceFound) await call(() => namespaces.ensure(namespace!));
      }
      const deletesClaims = claimsAScaleDownDeletes(action.live, manifest);
      if (deletesClaims) {
        return statusOf(manifest, role, 'Error', 'skipped', {
          message: `${describeObject(manifest)} in cluster ${
            client.cluster
          } is not applied: ${deletesClaims}`,
        });
      }
      if (entry!.state === 'retained') await this.placedAgain(input, entry!);
      const applied = await call(() =>
        client.apply(manifest, { uid: uidOf(judged) }),
      );
      return this.applied(input, entry!, applied, reason);
    } catch (error) {
      if (uidOf(judged) && isConflict(client, error))
        return replacedSinceRead(client, manifest, role);
      return failedWrite(client, manifest, role, error);
    }
  }

  /**
   * Records, before the write, that a retained object is placed again: the
   * service's data from this version on, so no release approved before can
   * delete it, even if the write lands and its answer is lost.
   */
  private async placedAgain(input: ApplyInput, entry: InventoryEntry) {
    await this.options.inventory.update([appliedEntry(input, entry)]);
  }

  /**
   * The first write of an object no service records: claimed, then created,
   * which writes nothing if an object of that name exists, so no read comes
   * before it and no one's object made meanwhile can be written over. Only
   * then is the one there read, and written only if adopted.
   */
  private async createNew(input: ApplyInput): Promise<ObjectSyncStatus> {
    const { client, target, namespaces, call, changes, action } = input;
    const { manifest, role } = action;
    const claimed = newEntry(target, client.cluster, manifest, role);
    const { owner, held } = await this.options.inventory.claim(claimed);
    if (owner) {
      return statusOf(manifest, role, 'Conflict', 'skipped', {
        message: `${describeObject(manifest)} in cluster ${
          client.cluster
        } belongs to ${owner}; miniplanes never writes another service's objects`,
      });
    }
    // A namespace that does not exist holds no object: creating it cannot
    // make anyone's object this one's.
    const namespace = manifest.metadata.namespace;
    if (namespace && !(await namespaceExists(namespaces, call, namespace))) {
      await call(() => namespaces.ensure(namespace));
    }
    const found = await this.createOrRead(client, call, manifest);
    if ('created' in found) return this.applied(input, claimed, found.created);
    // Claimed before by another pass of this service (an approval's beside
    // a periodic one): the object may be the one that pass created, judged
    // as a claim whose apply never answered. Claimed now: nobody's but
    // someone else's, unless adopted; the claim is let go.
    const refusal = this.ownershipRefusal(
      found.exists,
      held ? claimed : undefined,
      manifest,
      input,
    );
    if (refusal) {
      if (!held) changes.remove.push(claimed);
      return statusOf(manifest, role, 'Conflict', 'skipped', {
        message: refusal,
      });
    }
    const applied = await call(() =>
      client.apply(manifest, { uid: uidOf(found.exists) }),
    ).catch(error => {
      if (!isConflict(client, error)) throw error;
      return undefined;
    });
    if (!applied) return replacedSinceRead(client, manifest, role);
    return this.applied(input, claimed, applied);
  }

  /**
   * Creates the object, or reads the one of that name there. One deleted
   * between the create's 409 and the read is created again; one that keeps
   * doing so fails the cluster's pass (the claim stays and the next pass
   * retries), not the object, which would fail an approved request for good.
   */
  private async createOrRead(
    client: ClusterClient,
    call: LimitedCall,
    manifest: KubeObject,
  ): Promise<{ created: KubeObject } | { exists: KubeObject }> {
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      const created = await call(() => client.create(manifest));
      if (created !== 'exists') return { created };
      const existing = await call(() => client.get(manifest));
      if (existing) return { exists: existing };
    }
    throw new ClusterCallError(
      client.cluster,
      `${describeObject(manifest)} in cluster ${
        client.cluster
      } vanished between its create and its read ${CREATE_ATTEMPTS} times; the next sync tries again`,
      409,
      true,
      undefined,
    );
  }

  /** Records a written object in the inventory and reports it. */
  private applied(
    input: ApplyInput,
    entry: InventoryEntry,
    written: KubeObject,
    reason: ApplyAction['reason'] = 'missing',
  ): ObjectSyncStatus {
    const { changes, action } = input;
    const { role } = action;
    this.options.onWritten?.(input.client.cluster, {
      action: 'applied',
      reason,
    });
    changes.update.push(
      appliedEntry(
        input,
        entry,
        (written.metadata.uid as string | undefined) ?? entry.uid,
      ),
    );
    const readiness = workloadReadiness(written, this.options.interpreters);
    return statusOf(
      written,
      role,
      reason === 'drift' ? 'Drifted' : 'Progressing',
      'applied',
      {
        ...readiness,
        reason,
        driftedFields: reason === 'drift' ? action.driftedFields : undefined,
      },
    );
  }

  /**
   * Why an object found in the cluster may not be written: it exists and the
   * inventory does not record it (someone else's, or nobody's, unless the
   * approved manifest adopts it), or the inventory records another object of
   * that name (it was replaced behind miniplanes' back).
   */
  private ownershipRefusal(
    existing: KubeObject | undefined,
    entry: InventoryEntry | undefined,
    manifest: KubeObject,
    { client, installation }: Pick<ApplyInput, 'client' | 'installation'>,
  ): string | undefined {
    if (!existing) return undefined;
    const where = `${describeObject(manifest)} already exists in cluster ${
      client.cluster
    }`;
    const adopted =
      manifest.metadata.annotations?.[ADOPT_ANNOTATION] === 'true';
    if (entry?.uid) {
      return existing.metadata.uid !== entry.uid
        ? `${where} but is not the object miniplanes applied (it was replaced); adopt it through a placement request`
        : undefined;
    }
    // Claimed, but the apply never answered (a crash, a lost response): the
    // object is the one applied only if it says so; else someone else made
    // it meanwhile.
    if (
      entry &&
      carriesIdentityOfService(existing, entry.entityRef, installation)
    )
      return undefined;
    if (adopted) return undefined;
    const other = otherInstallation(existing, installation);
    if (other)
      return `${where} and another miniplanes installation (${other}) manages it; miniplanes never writes another installation's objects`;
    return `${where} and miniplanes did not apply it; adopt it through a placement request (annotation ${ADOPT_ANNOTATION}: "true")`;
  }
}

function newEntry(
  target: ServiceSyncTarget,
  cluster: string,
  manifest: KubeObject,
  role: SyncRole,
): InventoryEntry {
  return {
    cluster,
    objectKey: objectKey(manifest),
    entityRef: target.entityRef,
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    ...(manifest.metadata.namespace
      ? { namespace: manifest.metadata.namespace }
      : {}),
    name: manifest.metadata.name,
    role,
    // Written before the first apply: a crash in between still leaves data protected.
    data: role === 'data' || isDataKind(manifest.apiVersion, manifest.kind),
    state: 'applied',
    specVersion: versionIn(target, cluster),
  };
}

/** The spec version a cluster takes: a staged rollout holds some clusters on the last good one. */
export function versionIn(target: ServiceSyncTarget, cluster: string): number {
  return target.specVersions?.get(cluster) ?? target.specVersion;
}

/** Kinds of everything desired or recorded in the cluster, so leftovers of dropped kinds are found too. */

/**
 * The manifest as the cluster keys it: cluster-scoped kinds have no
 * namespace (a Namespace manifest given one would otherwise never match the
 * live object), namespaced kinds default to `default`.
 */
function withScope(
  item: DesiredObject,
  scope: 'Namespaced' | 'Cluster',
): DesiredObject {
  const namespace = item.manifest.metadata.namespace;
  if (scope === 'Cluster' && namespace !== undefined) {
    const metadata = { ...item.manifest.metadata };
    delete metadata.namespace;
    return { ...item, manifest: { ...item.manifest, metadata } };
  }
  if (scope !== 'Namespaced' || namespace) return item;
  return {
    ...item,
    manifest: {
      ...item.manifest,
      metadata: { ...item.manifest.metadata, namespace: DEFAULT_NAMESPACE },
    },
  };
}

function statusOf(
  object: KubeObject,
  role: SyncRole,
  state: ObjectSyncState,
  action: ObjectSyncStatus['action'],
  extra: Partial<ObjectSyncStatus> & { progressing?: boolean },
): ObjectSyncStatus {
  const { progressing: _ignored, ...rest } = extra;
  const generation = object.metadata.generation;
  const addresses = loadBalancerAddresses(object);
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    role,
    state,
    action,
    ...(typeof generation === 'number' ? { generation } : {}),
    ...(addresses.length > 0 ? { addresses } : {}),
    ...rest,
  };
}

/** What a LoadBalancer Service reports in its status: the gateway addresses others route to. */
function loadBalancerAddresses(object: KubeObject): string[] {
  if (object.kind !== 'Service') return [];
  const ingress =
    (
      object.status as
        | { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } }
        | undefined
    )?.loadBalancer?.ingress ?? [];
  return ingress.map(i => i.ip ?? i.hostname).filter((a): a is string => !!a);
}

/** The worst state among a cluster's objects decides the cluster's. */
function clusterState(objects: ObjectSyncStatus[]): ClusterSyncState {
  if (objects.some(o => o.state === 'Error' || o.state === 'Conflict'))
    return 'Error';
  if (objects.some(o => o.state === 'Drifted')) return 'Drifted';
  if (objects.some(o => o.state === 'Progressing')) return 'Progressing';
  return 'InSync';
}

/**
 * Whether the namespace exists: the read of it this sync already made or
 * has under way, else a read of its own (a cluster call slot is for a call,
 * not for waiting on another's).
 */
function namespaceExists(
  namespaces: NamespaceEnsurer,
  call: LimitedCall,
  namespace: string,
): Promise<boolean> {
  return (
    namespaces.known(namespace) ?? call(() => namespaces.exists(namespace))
  );
}

function uidOf(object: KubeObject | undefined): string | undefined {
  return object?.metadata.uid as string | undefined;
}

/** Whether a write was refused with a 409: with a uid named, the object there is another. */
function isConflict(client: ClusterClient, error: unknown): boolean {
  if (error instanceof HandedOver) return false;
  return toClusterCallError(client.cluster, 'apply', error).statusCode === 409;
}

/**
 * The object judged the service's was deleted or replaced between the read
 * and the apply (a watch that stalled, or someone quick): nothing was
 * written, and the cluster's copies are listed afresh for the next pass.
 */
function replacedSinceRead(
  client: ClusterClient,
  manifest: KubeObject,
  role: SyncRole,
): ObjectSyncStatus {
  client.invalidateWatched();
  return statusOf(manifest, role, 'Conflict', 'skipped', {
    message: `${describeObject(manifest)} in cluster ${
      client.cluster
    } was deleted or replaced since the sync read it; nothing was written, and the next pass reads it afresh`,
  });
}

/**
 * A write that failed: a refused object is that object's problem; an
 * unreachable cluster ends the sync of the cluster (thrown).
 */
function failedWrite(
  client: ClusterClient,
  manifest: KubeObject,
  role: SyncRole,
  error: unknown,
): ObjectSyncStatus {
  if (error instanceof HandedOver) throw error;
  const failure = toClusterCallError(client.cluster, 'apply', error);
  if (failure.retryable) throw failure;
  return statusOf(manifest, role, 'Error', 'skipped', {
    message: failure.message,
  });
}
