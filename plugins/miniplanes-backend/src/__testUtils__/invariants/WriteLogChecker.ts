import { WriteRecord } from '@miniplanes/kube-sim';
import { serviceLabelValue } from '@miniplanes/plugin-miniplanes-common';
import {
  isScenarioKind,
  keyOf,
  LiveObject,
  pathOf,
  readLive,
  readWritten,
} from './kubePaths';
import { ResourceKind } from './scenario';
import {
  dataAllowed,
  declared,
  isData,
  ModelSnapshot,
  ScenarioModel,
} from './ScenarioModel';
import { SCENARIO_MANAGER, ScenarioWorld } from './ScenarioWorld';
import { entityRefOf } from './serviceDocument';

const CONTROLLER_USER = 'system:kube-controller-manager';
const SERVICE_ANNOTATION = 'miniplanes.io/service';
const ROLE_LABEL = 'miniplanes.io/role';
const SERVICE_LABEL = 'miniplanes.io/service-hash';

/** A broken invariant, with the write that broke it. */
export interface Violation {
  invariant: 1 | 2 | 3 | 4 | 5 | 6;
  step: number;
  message: string;
}

type Writer = 'scenario' | 'controller' | 'miniplanes';

interface Instance {
  cluster: string;
  key: string;
  kind: ResourceKind;
  namespace?: string;
  name: string;
  creator: Writer;
  /** The service its annotation named when last seen; null: none; undefined: not seen yet. */
  owner?: string | null;
  /** Seen holding data (role data, or a claim) at some point. */
  data: boolean;
  deleted?: boolean;
  /** The service miniplanes' last write of it named (it may be gone before a check sees it). */
  writtenOwner?: string;
}

/**
 * Reads every cluster's write log incrementally (controllers' writes
 * included, so cascades count) and judges each write by the scenario's
 * model, reading the live object where the log alone cannot tell whose it
 * is or what role it plays. It never reads miniplanes' store.
 */
export class WriteLogChecker {
  private readonly lastSeq = new Map<string, number>();
  private readonly instances = new Map<string, Instance>();
  writesChecked = 0;
  miniplanesWrites = 0;
  /** What the judged writes were, by kind: data writes, deletes, releases carried out, adoptions… */
  readonly judged: Record<string, number> = {};

  private count(kind: string) {
    this.judged[kind] = (this.judged[kind] ?? 0) + 1;
  }

  constructor(
    private readonly world: ScenarioWorld,
    private readonly model: ScenarioModel,
  ) {}

  /** Miniplanes' writes since the last check, without judging them (to count a steady state's). */
  pendingMiniplanesWrites(): number {
    let count = 0;
    for (const name of this.world.clusterNames) {
      count += this.world
        .cluster(name)
        .writes({ since: this.lastSeq.get(name) ?? 0 })
        .filter(w => writerOf(w) === 'miniplanes').length;
    }
    return count;
  }

  /**
   * Judges the writes since the last check. A write passes when it is
   * allowed under one of the snapshots (the model before and after a
   * change, while the change is being made; after it, once made).
   */
  async check(step: number, contexts: ModelSnapshot[]): Promise<Violation[]> {
    const violations: Violation[] = [];
    /** Objects miniplanes wrote, with the object its last write stored. */
    const touched = new Map<
      string,
      { instance: Instance; written?: LiveObject }
    >();
    for (const cluster of this.world.clusterNames) {
      const records = this.world.cluster(cluster).writes({
        since: this.lastSeq.get(cluster) ?? 0,
        includeControllers: true,
      });
      if (records.length === 0) continue;
      this.lastSeq.set(cluster, records[records.length - 1].seq);
      for (const record of records) {
        this.writesChecked += 1;
        const writer = writerOf(record);
        if (writer === 'miniplanes') this.miniplanesWrites += 1;
        if (!isScenarioKind(record.kind) || record.subresource) continue;
        const instance = this.instance(cluster, record, writer);
        if (record.verb === 'delete') {
          instance.deleted = true;
          violations.push(...this.judgeDelete(step, instance, record, writer));
        } else if (writer === 'miniplanes') {
          const written = readWritten(
            this.world.cluster(cluster),
            instance,
            record.resourceVersion,
          );
          // Written as data: a delete later in this window deletes data.
          const seen = this.ownerAndRole(written);
          if (isDataRole(instance, seen)) instance.data = true;
          if (seen?.owner) instance.writtenOwner = seen.owner;
          const owner = instance.owner ?? instance.writtenOwner;
          if (
            instance.data &&
            owner &&
            this.model.writtenAgain(
              owner,
              cluster,
              record.uid,
              record.seq,
              step,
            )
          )
            this.count('released data written again');
          touched.set(`${cluster} ${record.uid}`, { instance, written });
          violations.push(...this.judgeForeignWrite(step, instance, record));
        }
      }
    }
    for (const [id, { instance, written }] of touched) {
      // Gone already: judged by what its last write stored.
      const live = this.observe(id, instance) ?? this.ownerAndRole(written);
      violations.push(...this.judgeDataWrite(step, instance, live, contexts));
    }
    return violations;
  }

  private instance(cluster: string, record: WriteRecord, writer: Writer) {
    const id = `${cluster} ${record.uid}`;
    let instance = this.instances.get(id);
    if (!instance) {
      const kind = record.kind as ResourceKind;
      instance = {
        cluster,
        kind,
        namespace: record.namespace,
        name: record.name,
        key: keyOf({ kind, namespace: record.namespace, name: record.name }),
        creator: writer,
        // What someone else creates carries nobody's annotation.
        ...(writer === 'scenario' ? { owner: null } : {}),
        data: kind === 'PersistentVolumeClaim',
      };
      this.instances.set(id, instance);
    }
    return instance;
  }

  /** Objects miniplanes created in a cluster and nobody deleted since the last check. */
  managedObjects(cluster: string): { kind: ResourceKind; path: string }[] {
    return [...this.instances.values()]
      .filter(
        i => i.cluster === cluster && i.creator === 'miniplanes' && !i.deleted,
      )
      .map(i => ({ kind: i.kind, path: pathOf(i) }));
  }

  /** Reads the object as it is now: whose it says it is, and in which role. */
  private observe(id: string, instance: Instance) {
    const uid = id.slice(id.indexOf(' ') + 1);
    const live = readLive(this.world.cluster(instance.cluster), instance);
    if (live?.metadata.uid !== uid) return undefined;
    return this.ownerAndRole(live);
  }

  /** Whose an object says it is, and in which role. */
  private ownerAndRole(object: LiveObject | undefined) {
    if (!object) return undefined;
    // Access entries carry the service's label, not its annotation.
    const owner: string | null =
      object.metadata.annotations?.[SERVICE_ANNOTATION] ??
      this.serviceByHash(object.metadata.labels?.[SERVICE_LABEL]) ??
      null;
    const role: string | undefined = object.metadata.labels?.[ROLE_LABEL];
    return { owner, role };
  }

  private serviceByHash(hash: string | undefined): string | undefined {
    if (!hash) return undefined;
    return this.world.scenario.services
      .map(entityRefOf)
      .find(ref => serviceLabelValue(ref) === hash);
  }

  private judgeDelete(
    step: number,
    instance: Instance,
    record: WriteRecord,
    writer: Writer,
  ): Violation[] {
    if (writer === 'scenario') return [];
    this.count(writer === 'controller' ? 'cascade delete' : 'delete');
    const where = `${instance.key} (uid ${record.uid}) in ${instance.cluster}`;
    const by =
      writer === 'controller' ? 'a cascade deleted' : 'miniplanes deleted';
    const violations: Violation[] = [];
    if (instance.creator === 'scenario' && !this.adopter(instance)) {
      violations.push({
        invariant: 4,
        step,
        message: `${by} ${where}, which someone else created and no approved version adopts`,
      });
    }
    if (instance.data) {
      const owner = instance.owner ?? instance.writtenOwner;
      const released = owner
        ? this.model.isReleased(owner, instance.cluster, record.uid)
        : false;
      if (released) this.count('data delete a release allowed');
      else {
        violations.push({
          invariant: 1,
          step,
          message: `${by} data ${where}${
            owner ? ` of ${owner}` : ''
          } without an approved version releasing it there${releaseNotes(
            owner ? this.model.releasesOf(owner, instance.cluster) : [],
          )}`,
        });
      }
    }
    return violations;
  }

  /** An object someone else created, written without an approved version adopting it. */
  private judgeForeignWrite(
    step: number,
    instance: Instance,
    record: WriteRecord,
  ): Violation[] {
    if (instance.creator !== 'scenario') return [];
    if (this.adopter(instance)) {
      this.count('write to an adopted object');
      return [];
    }
    return [
      {
        invariant: 4,
        step,
        message: `miniplanes wrote ${instance.key} (uid ${record.uid}) in ${instance.cluster}, which someone else created and no approved version adopts`,
      },
    ];
  }

  private adopter(instance: Instance): string | undefined {
    return this.model.declaredBy(instance.key).find(d => d.adopt)?.entityRef;
  }

  private judgeDataWrite(
    step: number,
    instance: Instance,
    live: { owner: string | null; role?: string } | undefined,
    contexts: ModelSnapshot[],
  ): Violation[] {
    const violations: Violation[] = [];
    const where = `${instance.key} in ${instance.cluster}`;
    if (live) {
      const before = instance.owner;
      if (
        before !== undefined &&
        before !== live.owner &&
        !(
          before === null &&
          live.owner &&
          this.adopter(instance) === live.owner
        )
      ) {
        violations.push({
          invariant: 4,
          step,
          message: `${where} belonged to ${
            before ?? 'nobody'
          } and now says it belongs to ${live.owner ?? 'nobody'}`,
        });
      }
      if (live.role === 'access' && instance.data) {
        violations.push({
          invariant: 1,
          step,
          message: `${where} held data and was overwritten by an access entry`,
        });
      }
      instance.owner = live.owner;
    }
    const known = live?.owner ?? instance.owner;
    const owners = known
      ? [known]
      : this.model.declaredBy(instance.key).map(d => d.entityRef);
    const isDataWrite = live
      ? isDataRole(instance, live)
      : owners.some(owner =>
          this.declaredDataIn(contexts, owner, instance.key),
        );
    if (live?.role === 'access') this.count('access entry write');
    // An object that held data is data whatever role a later version gives
    // it: written again, it must still be where the data may be.
    const heldData = instance.data;
    if (!isDataWrite && !heldData) return violations;
    this.count(
      isDataWrite ? 'data write' : 'write to an object that held data',
    );
    instance.data = true;
    for (const owner of owners) {
      const verdicts = contexts.map(c =>
        dataAllowed(this.model.scenario, c, owner, instance.cluster),
      );
      if (!verdicts.some(v => v.jurisdiction)) {
        const jurisdictions = [
          ...new Set(
            contexts.map(c => c.labels.get(instance.cluster)?.jurisdiction),
          ),
        ].join('/');
        violations.push({
          invariant: 2,
          step,
          message: `miniplanes wrote ${
            isDataWrite ? 'data' : `as ${live?.role} an object that held data,`
          } ${where} of ${owner}, whose jurisdiction ${jurisdictions} its approved versions do not allow`,
        });
      } else if (isDataWrite && !verdicts.some(v => v.placement)) {
        violations.push({
          invariant: 3,
          step,
          message: `miniplanes wrote data ${where} of ${owner}, where no approved version the sync may hold placed its data`,
        });
      }
    }
    return violations;
  }

  private declaredDataIn(
    contexts: ModelSnapshot[],
    owner: string,
    key: string,
  ): boolean {
    return contexts.some(c =>
      (c.effective.get(owner) ?? []).some(v =>
        declared(v.shape).some(d => d.key === key && isData(d)),
      ),
    );
  }
}

function writerOf(record: WriteRecord): Writer {
  if (record.user === CONTROLLER_USER) return 'controller';
  if (record.fieldManager === SCENARIO_MANAGER) return 'scenario';
  return 'miniplanes';
}

/** How the releases of that cluster were judged, so a report can be explained without a replay. */
function releaseNotes(notes: string[]): string {
  return notes.length ? ` (releases there: ${notes.join('; ')})` : '';
}

/** Whether an object miniplanes wrote, in the role it says, holds data. */
function isDataRole(
  instance: Instance,
  object: { role?: string } | undefined,
): boolean {
  if (!object) return false;
  return (
    object.role === 'data' ||
    (instance.kind === 'PersistentVolumeClaim' && object.role !== 'access')
  );
}
