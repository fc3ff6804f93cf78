import { DataOperationStatus } from '@miniplanes/plugin-miniplanes-common';
import {
  ClusterStatusStore,
  ClusterSyncRecord,
} from '../store/ClusterStatusStore';
import { MiniplanesStore, StoredService } from '../store/MiniplanesStore';
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
  /** Every service of the pass, synced or not. */
  passes: ServicePass[];
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

/**
 * Keeps what a pass found: status records, events and good versions, each
 * service's as soon as every cluster has reported it (the pass goes on with
 * the others meanwhile), then what the pass's last word changed, and the
 * requests it settles.
 *
 * A cluster whose sync fails late in the pass reports every service there
 * as failed, those recorded already among them: they are recorded again,
 * from the pass's final reports, before the pass ends. Requests are settled
 * only on those final reports.
 */
export class PassRecorder {
  private readonly ready = new Map<string, ServicePass>();
  /** The engine's reports each service was recorded from, as given. */
  private readonly recordedFrom = new Map<string, ServiceClusterReport[]>();
  /** Records of services with nothing else to write, by service: written together at the end. */
  private readonly batched = new Map<string, Records>();
  private readonly changedRefs = new Set<string>();
  /** One service recorded at a time, in the order they were reported. */
  private queue: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(private readonly options: PassRecorderOptions) {
    for (const pass of options.passes)
      if (pass.synced) this.ready.set(pass.service.entityRef, pass);
  }

  /** A service's reports from every cluster: recorded in turn, while the pass goes on. */
  readonly reported = (reports: ServiceClusterReport[]) => {
    const pass = this.ready.get(reports[0]?.entityRef);
    // One handed over is the newer pass's to record (and read).
    if (!pass || !this.mine(pass.service.entityRef)) return;
    this.recordedFrom.set(pass.service.entityRef, reports);
    // Its clusters are read at once; only the writes wait their turn.
    const operations = this.operationsOf(pass, reports);
    this.queue = this.queue
      .then(async () => {
        if (!this.failure) await this.record(pass, reports, true, operations);
      })
      .catch(error => {
        this.failure ??= { error };
      });
  };

  /** Waits for the records under way (a pass that fails ends after them). */
  async drained(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure.error;
  }

  /** Records what the pass's final reports say that the services' records do not yet, and settles the requests. */
  async finish(reports: ServiceClusterReport[]): Promise<void> {
    await this.drained();
    const { passes } = this.options;
    const finalOf = groupBy(reports, r => r.entityRef);
    for (const pass of this.ready.values()) {
      const entityRef = pass.service.entityRef;
      if (!this.mine(entityRef)) continue;
      const final = finalOf.get(entityRef) ?? [];
      const recorded = this.recordedFrom.get(entityRef);
      if (!recorded) {
        await this.record(pass, final, true, this.operationsOf(pass, final));
        continue;
      }
      // A cluster that failed after reporting the service says so now.
      const since = final.filter(r => !recorded.includes(r));
      if (since.length > 0)
        await this.record(pass, since, false, this.operationsOf(pass, since));
    }
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
   * The records, events and (the first time) good version of a service
   * from these of its reports. A service with nothing but its records to
   * write joins the batch written at the end.
   */
  private async record(
    pass: ServicePass,
    given: ServiceClusterReport[],
    first: boolean,
    operationsRead: Promise<Map<string, DataOperationStatus[]>>,
  ) {
    const { store, handover } = this.options;
    const { service, synced, rollout } = pass;
    const entityRef = service.entityRef;
    // An approval's pass beside this one goes first.
    await handover?.giveWay();
    if (!this.mine(entityRef)) return;
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
    const good =
      first && (!rollout || rollout.phase === 'Completed')
        ? newGoodDecision(service, target.specVersion)
        : undefined;
    if (records.keep.length || records.drop.length)
      this.changedRefs.add(entityRef);
    // Nothing of its own to write (a settled service) joins the batch, and
    // so do the unchanged records of every service: its stamp names all of
    // them at once, and replaces the one before.
    const ownWrite = events.length > 0 || !!good;
    const batched = ownWrite
      ? { keep: [], unchanged: records.unchanged, drop: [] }
      : records;
    if (!earlier) this.batched.set(entityRef, batched);
    else for (const list of LISTS) earlier[list].push(...batched[list]);
    if (!ownWrite) return;
    const write = async () => {
      if (!this.mine(entityRef)) return;
      // Its events say what changed since its records: both are written
      // in this hold, or a pass it is handed to next would repeat them.
      await this.writeRecords({ ...records, unchanged: [] });
      for (const event of events) await store.addEvent(event);
      if (good) await store.setGoodVersion(entityRef, target.specVersion, good);
    };
    await this.writing([entityRef], write);
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
