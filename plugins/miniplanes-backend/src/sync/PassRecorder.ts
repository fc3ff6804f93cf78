import { DataOperationStatus } from '@miniplanes/plugin-miniplanes-common';
import {
  ClusterStatusStore,
  ClusterSyncRecord,
} from '../store/ClusterStatusStore';
import {
  GoodVersion,
  MiniplanesStore,
  StoredService,
} from '../store/MiniplanesStore';
import { groupBy } from '../lib/groupBy';
import { sameAsJson } from '../lib/sameAsJson';
import { clusterRecord, unreachable, worthKeeping } from './clusterRecord';
import { withDeletionsAsDrift } from './deletedObjects';
import { PassHandover } from './PassHandover';
import { ServicePass } from './servicePass';
import { statusChanged } from './statusChanged';
import { syncEvents } from './syncEvents';
import { ServiceClusterReport, versionIn } from './SyncEngine';
import { currentVersion, SyncVersion } from './syncTargets';

/** What a pass's recorder works with. */
export interface PassRecorderOptions {
  store: MiniplanesStore;
  statusStore: ClusterStatusStore;
  /** The services' records as the pass found them. */
  previousOf: Map<string, ClusterSyncRecord[]>;
  handover?: PassHandover;
  /** What the data clusters' operators report of the service's data operations, by `entityRef cluster`. */
  readOperations(
    pass: ServicePass,
    reports: ServiceClusterReport[],
  ): Promise<Map<string, DataOperationStatus[]>>;
  /** Settles the approved requests of these services by the pass's last word on them. */
  settleRequests(
    passes: ServicePass[],
    reportsOf: (entityRef: string) => ServiceClusterReport[],
  ): Promise<void>;
  /** Tells the listeners that the service's records changed. */
  changed(entityRef: string): void;
}

type Records = {
  keep: ClusterSyncRecord[];
  unchanged: ClusterSyncRecord[];
  drop: ClusterSyncRecord[];
};
const LISTS = ['keep', 'unchanged', 'drop'] as const;

/** A service's reports to record, and its data operations being read. */
type Reported = {
  pass: ServicePass;
  given: ServiceClusterReport[];
  /** Its first reports in the pass (only they can make its version good). */
  first: boolean;
  operationsRead: Promise<Map<string, DataOperationStatus[]>>;
};

/** What a service's reports make it write of its own: changed records, events, good version. */
type OwnWrite = {
  entityRef: string;
  records: Records;
  events: ReturnType<typeof syncEvents>;
  good?: GoodVersion;
};

/**
 * How long reported services wait for others to be written with them. A
 * rollout reports a service every ~10 ms; written one by one, its status
 * records and good versions cost a rollout of 1,000 services 2,000
 * statements (each a round trip and a commit); waiting this long, a few
 * hundred. The pass's end does not wait for it.
 */
const RECORD_WAIT_MS = 100;
/** Services written together at most. */
const RECORD_BATCH_MAX = 200;

/**
 * Keeps what a pass found: status records, events and good versions, each
 * service's once every cluster has reported it (the pass goes on with the
 * others meanwhile; services reported within RECORD_WAIT_MS are written
 * together), then what the pass's last word changed, and the requests it
 * settles.
 *
 * A cluster whose sync fails late in the pass reports every service there
 * as failed, those recorded already among them: they are recorded again,
 * from the pass's final reports, before the pass ends. Requests are settled
 * only on those final reports.
 */
export class PassRecorder {
  /** Every service of the pass, synced or not, as added. */
  private readonly passes: ServicePass[] = [];
  private readonly ready = new Map<string, ServicePass>();
  /** The engine's reports each service was recorded from, as given. */
  private readonly recordedFrom = new Map<string, ServiceClusterReport[]>();
  /** Records of services with nothing else to write, by service: written together at the end. */
  private readonly batched = new Map<string, Records>();
  private readonly changedRefs = new Set<string>();
  /** Reported services waiting to be recorded together (RECORD_WAIT_MS). */
  private waiting: Reported[] = [];
  private waitTimer?: ReturnType<typeof setTimeout>;
  /** One batch recorded at a time, in the order they were reported. */
  private queue: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(private readonly options: PassRecorderOptions) {}

  /** A service of the pass, before the engine is given its target. */
  add(pass: ServicePass): void {
    this.passes.push(pass);
    if (pass.synced) this.ready.set(pass.service.entityRef, pass);
  }

  /** A service's reports from every cluster: recorded in turn, while the pass goes on. */
  readonly reported = (reports: ServiceClusterReport[]) => {
    const pass = this.ready.get(reports[0]?.entityRef);
    // One handed over is the newer pass's to record (and read).
    if (!pass || !this.mine(pass.service.entityRef)) return;
    this.recordedFrom.set(pass.service.entityRef, reports);
    // Its clusters are read at once; only the writes wait their turn.
    const operationsRead = this.operationsOf(pass, reports);
    this.waiting.push({ pass, given: reports, first: true, operationsRead });
    if (this.waiting.length >= RECORD_BATCH_MAX) this.recordWaiting();
    else
      this.waitTimer ??= setTimeout(() => this.recordWaiting(), RECORD_WAIT_MS);
  };

  /** Queues the services waiting to be recorded, as one batch. */
  private recordWaiting() {
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.queue = this.queue
      .then(async () => {
        if (!this.failure) await this.record(batch);
      })
      .catch(error => {
        this.failure ??= { error };
      });
  }

  /** Records what was reported, without waiting for more (a pass that fails ends after them). */
  async drained(): Promise<void> {
    this.recordWaiting();
    await this.queue;
    if (this.failure) throw this.failure.error;
  }

  /** Records what the pass's final reports say that the services' records do not yet, and settles the requests. */
  async finish(reports: ServiceClusterReport[]): Promise<void> {
    await this.drained();
    const { passes } = this;
    const finalOf = groupBy(reports, r => r.entityRef);
    const left: Reported[] = [];
    for (const pass of this.ready.values()) {
      const entityRef = pass.service.entityRef;
      if (!this.mine(entityRef)) continue;
      const final = finalOf.get(entityRef) ?? [];
      const recorded = this.recordedFrom.get(entityRef);
      // A cluster that failed after reporting the service says so now.
      const given = recorded ? final.filter(r => !recorded.includes(r)) : final;
      if (recorded && given.length === 0) continue;
      const operationsRead = this.operationsOf(pass, given);
      left.push({ pass, given, first: !recorded, operationsRead });
    }
    await this.record(left);
    const kept = passes
      .map(p => p.service.entityRef)
      .filter(ref => this.mine(ref));
    await this.writing(kept, async () => {
      // Those handed over meanwhile are the newer pass's to record.
      const records: Records = { keep: [], unchanged: [], drop: [] };
      for (const [entityRef, batch] of this.batched)
        if (this.mine(entityRef))
          for (const list of LISTS) records[list].push(...batch[list]);
      await this.writeRecords(records);
      await this.options.settleRequests(
        passes.filter(p => this.mine(p.service.entityRef)),
        entityRef => {
          const before = this.beforeOf(entityRef);
          return (finalOf.get(entityRef) ?? []).map(r =>
            withDeletionsAsDrift(r, before.get(r.cluster)),
          );
        },
      );
      for (const ref of this.changedRefs)
        if (this.mine(ref)) this.options.changed(ref);
    });
  }

  /**
   * A service handed over to a newer pass is recorded by that pass, not
   * here. A hand-over waits only while this pass writes that service's
   * records (its own, then all of them together), not while it works out
   * the others'.
   */
  private mine(entityRef: string) {
    return !this.options.handover?.isTaken(entityRef);
  }

  /** Writes holding the services, so a hand-over of one waits for it. */
  private writing(entityRefs: string[], write: () => Promise<void>) {
    const { handover } = this.options;
    return handover ? handover.working(entityRefs, write) : write();
  }

  /** Reads the service's data operations; a failure is the pass's, once awaited. */
  private operationsOf(pass: ServicePass, reports: ServiceClusterReport[]) {
    const reading = this.options.readOperations(pass, reports);
    reading.catch(() => undefined);
    return reading;
  }

  private beforeOf(entityRef: string) {
    return new Map(
      (this.options.previousOf.get(entityRef) ?? []).map(r => [r.cluster, r]),
    );
  }

  /**
   * Records a batch of services: each one's records, events and (the first
   * time) good version. Those with nothing but their records to write join
   * the batch written at the end; the others' writes go together, in one
   * hold of them all.
   */
  private async record(batch: Reported[]) {
    const { store, handover } = this.options;
    // An approval's pass beside this one goes first.
    await handover?.giveWay();
    const own: OwnWrite[] = [];
    for (const reported of batch) {
      if (!this.mine(reported.pass.service.entityRef)) continue;
      const write = await this.ownWriteOf(reported);
      if (write) own.push(write);
    }
    if (own.length === 0) return;
    await this.writing(
      own.map(write => write.entityRef),
      async () => {
        // Those handed over meanwhile are the newer pass's to record.
        const mine = own.filter(write => this.mine(write.entityRef));
        // A service's events say what changed since its records: both are
        // written in this hold, or a pass it is handed to next would
        // repeat them.
        await this.writeRecords({
          keep: mine.flatMap(write => write.records.keep),
          unchanged: [],
          drop: mine.flatMap(write => write.records.drop),
        });
        for (const write of mine)
          for (const event of write.events) await store.addEvent(event);
        await store.setGoodVersions(
          mine.flatMap(write => (write.good ? [write.good] : [])),
        );
      },
    );
  }

  /**
   * The records, events and (the first time) good version a service's
   * reports make it write; what has nothing of its own to write (a settled
   * service), and the unchanged records of every service, join the batch
   * written at the end.
   */
  private async ownWriteOf({
    pass,
    given,
    first,
    operationsRead,
  }: Reported): Promise<OwnWrite | undefined> {
    const { service, synced, rollout } = pass;
    const entityRef = service.entityRef;
    const { target } = synced!;
    const before = this.beforeOf(entityRef);
    const reports = given.map(r =>
      withDeletionsAsDrift(r, before.get(r.cluster)),
    );
    const operations = await operationsRead;
    const records: Records = { keep: [], unchanged: [], drop: [] };
    for (const report of reports) {
      const record = clusterRecord({
        report,
        previous: before.get(report.cluster),
        desired: target.desired.get(report.cluster) ?? [],
        specVersion: versionIn(target, report.cluster),
      });
      const read = operations.get(`${entityRef} ${report.cluster}`);
      if (read) record.operations = read;
      else if (before.get(report.cluster)?.operations && unreachable(report))
        record.operations = before.get(report.cluster)!.operations;
      if (worthKeeping(record)) {
        if (statusChanged(before.get(report.cluster), record))
          records.keep.push(record);
        else records.unchanged.push(record);
      } else if (before.has(report.cluster)) {
        records.drop.push(record);
      }
    }
    // What earlier reports of these clusters batched, these replace.
    const earlier = this.batched.get(entityRef);
    if (earlier) {
      const replaced = new Set(reports.map(r => r.cluster));
      for (const list of LISTS)
        earlier[list] = earlier[list].filter(r => !replaced.has(r.cluster));
    }
    const events = syncEvents(entityRef, reports, before);
    // A version still rolling out is not good yet: the last good one is
    // what the clusters not reached yet hold, and what a rollback restores.
    const decision =
      first && (!rollout || rollout.phase === 'Completed')
        ? newGoodDecision(service, target.specVersion)
        : undefined;
    if (records.keep.length || records.drop.length)
      this.changedRefs.add(entityRef);
    // Its stamp names all its unchanged records at once, and replaces the
    // one before.
    const ownWrite = events.length > 0 || !!decision;
    const batched = ownWrite
      ? { keep: [], unchanged: records.unchanged, drop: [] }
      : records;
    if (!earlier) this.batched.set(entityRef, batched);
    else for (const list of LISTS) earlier[list].push(...batched[list]);
    if (!ownWrite) return undefined;
    return {
      entityRef,
      records,
      events,
      ...(decision
        ? { good: { entityRef, specVersion: target.specVersion, decision } }
        : {}),
    };
  }

  /** Status records: new ones written, unchanged ones stamped (a row a service), dropped ones removed. */
  private async writeRecords(records: Records) {
    const { statusStore } = this.options;
    await statusStore.put(records.keep);
    const stamps = [...groupBy(records.unchanged, r => r.entityRef)].map(
      ([entityRef, unchanged]) => ({
        entityRef,
        clusters: unchanged.map(r => r.cluster),
        // ISO times in one format: the earliest is the least as text.
        syncedAt: unchanged.map(r => r.lastSyncAt).sort()[0],
      }),
    );
    await statusStore.markSynced(stamps);
    await statusStore.remove(records.drop);
  }
}

/**
 * The decision to remember as good once a version synced: the current one,
 * unless it is already the one remembered (then there is nothing to write).
 */
function newGoodDecision(
  service: StoredService,
  synced: number,
): SyncVersion['decision'] {
  const decision = currentVersion(service).decision;
  if (synced !== service.specVersion || !decision) return undefined;
  if (
    service.goodSpecVersion === synced &&
    sameAsJson(service.goodDecision, decision)
  )
    return undefined;
  return decision;
}
