import { clone } from '../../kube/clone';
import { StatusError } from '../../kube/StatusError';
import { KubeObject } from '../../kube/types';
import { labelSelectorMatcher } from '../../operations/selectors';
import { storageKeyOf } from '../../resources/ResourceType';
import { StoredEvent } from '../../store/ObjectStore';
import { Controller, ObjectRef } from '../Controller';
import { ControllerContext } from '../ControllerContext';
import { cronScheduleErrors } from './cronSchedule';
import { parseGoDuration } from './goDuration';

type Obj = Record<string, any>;

const LOCATIONS = 'velero.io/backupstoragelocations';
const SCHEDULES = 'velero.io/schedules';
const BACKUPS = 'velero.io/backups';
const MANAGER = 'velero-server';
const SCHEDULE_LABEL = 'velero.io/schedule-name';
const LOCATION_LABEL = 'velero.io/storage-location';
/** Velero's server default (`--default-backup-ttl`). */
const DEFAULT_TTL = '720h0m0s';
const FINISHED = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'];
/** setTimeout's limit; a later expiration is looked at again then. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export type VeleroSettings = {
  /** How long a Backup stays InProgress (ms). */
  backupDurationMs: number;
  /** Every Schedule backs up this often (ms); never by the clock when absent. */
  backupIntervalMs?: number;
};

/**
 * Velero's server, as far as miniplanes sees it: BackupStorageLocations
 * become Available (Unavailable when their credentials Secret is missing or
 * their bucket is made unreachable), Schedules are validated and create
 * Backups by the clock or on demand, Backups are validated against their
 * location (FailedValidation with Velero's messages), run, complete or fail,
 * and are deleted once expired.
 */
export class VeleroController implements Controller {
  readonly reconcilers = {
    [LOCATIONS]: (o: KubeObject) => this.reconcileLocation(o),
    [SCHEDULES]: (o: KubeObject) => this.reconcileSchedule(o),
    [BACKUPS]: (o: KubeObject) => this.reconcileBackup(o),
  };
  private readonly unreachableBuckets = new Set<string>();
  /** When each Schedule last ran (ms), finer than status.lastBackup's seconds. */
  private readonly lastRun = new Map<string, number>();
  /** When each running Backup is done (ms). */
  private readonly doneAt = new Map<string, number>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly settings: VeleroSettings,
  ) {}

  /** A location follows the Secret holding its credentials. */
  dependents(event: StoredEvent): ObjectRef[] {
    if (event.storageKey !== '/secrets') return [];
    return this.ctx.ops.store
      .list(LOCATIONS, event.object.metadata.namespace)
      .map(l => ({
        storageKey: LOCATIONS,
        namespace: l.metadata.namespace,
        name: l.metadata.name!,
      }));
  }

  /** The simulated object storage loses (or regains) a bucket: locations are validated again. */
  setBucketReachable(bucket: string, reachable: boolean) {
    if (reachable) this.unreachableBuckets.delete(bucket);
    else this.unreachableBuckets.add(bucket);
    this.revalidateLocations();
  }

  clearFaults() {
    this.unreachableBuckets.clear();
    this.revalidateLocations();
  }

  /**
   * Runs a Schedule now, as when its time comes: creates a Backup from its
   * template and records it as the Schedule's last backup.
   */
  runSchedule(namespace: string, name: string): KubeObject {
    const schedule = this.ctx.ops.store.get(SCHEDULES, namespace, name);
    if (!schedule) {
      throw new StatusError(
        404,
        'NotFound',
        `schedules.velero.io "${name}" not found in namespace ${namespace}`,
      );
    }
    const errors = cronScheduleErrors((schedule.spec as Obj)?.schedule);
    if (errors.length) {
      throw new StatusError(
        409,
        'Conflict',
        `schedule ${namespace}/${name} failed validation and never runs: ${errors.join(
          '; ',
        )}`,
      );
    }
    const backup = this.submitBackup(schedule, this.ctx.ops.clock.now());
    if (!backup) {
      throw new StatusError(
        409,
        'Conflict',
        `schedule ${namespace}/${name} could not create its Backup: is backups.velero.io served and the namespace active?`,
      );
    }
    return backup;
  }

  private revalidateLocations() {
    for (const location of this.ctx.ops.store.list(LOCATIONS)) {
      const type = this.ctx.typeOf(LOCATIONS, location);
      if (type) this.ctx.requeueAfter(type, location, 0);
    }
  }

  private reconcileLocation(location: KubeObject) {
    const status = (location.status ?? {}) as Obj;
    const problem = this.locationProblem(location);
    const phase = problem ? 'Unavailable' : 'Available';
    if (
      status.lastValidationTime &&
      status.phase === phase &&
      status.message === problem
    )
      return;
    const next: Obj = {
      ...status,
      phase,
      lastValidationTime: this.ctx.ops.clock.timestamp(),
    };
    if (problem) next.message = problem;
    else delete next.message;
    this.writeStatus(LOCATIONS, location, next);
  }

  /** Why a location cannot be used, as its status message says; undefined when it can. */
  private locationProblem(location: KubeObject): string | undefined {
    const spec = (location.spec ?? {}) as Obj;
    const bucket = spec.objectStorage?.bucket;
    if (this.unreachableBuckets.has(bucket)) {
      return `BackupStorageLocation "${location.metadata.name}" is unavailable: bucket ${bucket} is unreachable`;
    }
    const credential = spec.credential as Obj | undefined;
    if (credential?.name && !credential.optional) {
      const secret = this.ctx.ops.store.get(
        '/secrets',
        location.metadata.namespace,
        credential.name,
      );
      const { namespace } = location.metadata;
      if (!secret)
        return `unable to get credentials: secret ${namespace}/${credential.name} not found`;
      if (!(secret.data as Obj)?.[credential.key])
        return `unable to get credentials: secret ${namespace}/${credential.name} has no key ${credential.key}`;
    }
    return undefined;
  }

  private reconcileSchedule(schedule: KubeObject) {
    const spec = (schedule.spec ?? {}) as Obj;
    const status = (schedule.status ?? {}) as Obj;
    const errors = cronScheduleErrors(spec.schedule);
    if (errors.length) {
      this.writeStatus(SCHEDULES, schedule, {
        ...status,
        phase: 'FailedValidation',
        validationErrors: errors,
      });
      return;
    }
    const { validationErrors, ...valid } = status;
    const current =
      this.writeStatus(SCHEDULES, schedule, { ...valid, phase: 'Enabled' }) ??
      schedule;
    const interval = this.settings.backupIntervalMs;
    if (!interval || spec.paused) return;
    const now = this.ctx.ops.clock.now();
    const uid = current.metadata.uid!;
    const lastBackup = (current.status as Obj).lastBackup;
    // The first backup comes one interval after the controller first sees the schedule.
    if (!this.lastRun.has(uid))
      this.lastRun.set(uid, lastBackup ? Date.parse(lastBackup) : now);
    const last = this.lastRun.get(uid)!;
    if (now < last + interval) {
      this.requeue(SCHEDULES, current, last + interval - now);
    } else if (this.backupRunning(current)) {
      // Velero never overlaps a schedule's backups: it looks again later.
      this.requeue(SCHEDULES, current, this.settings.backupDurationMs);
    } else {
      this.submitBackup(current, now);
      this.requeue(SCHEDULES, current, interval);
    }
  }

  private backupRunning(schedule: KubeObject) {
    return this.ctx.ops.store
      .list(BACKUPS, schedule.metadata.namespace)
      .some(
        b =>
          b.metadata.labels?.[SCHEDULE_LABEL] === schedule.metadata.name &&
          ['', 'New', 'Queued', 'ReadyToStart', 'InProgress'].includes(
            (b.status as Obj)?.phase ?? '',
          ),
      );
  }

  /** Velero's Backup from a Schedule: its template, its labels (or the template's), a timestamped name. */
  private submitBackup(
    schedule: KubeObject,
    nowMs: number,
  ): KubeObject | undefined {
    const { namespace, name, uid } = schedule.metadata;
    const spec = (schedule.spec ?? {}) as Obj;
    const template = clone(spec.template ?? {});
    const labels = {
      ...(template.metadata?.labels ?? schedule.metadata.labels),
      [SCHEDULE_LABEL]: name!,
    };
    let at = nowMs;
    // One backup per second at most in Velero; on demand, later seconds keep the names unique.
    while (
      this.ctx.ops.store.get(BACKUPS, namespace, `${name}-${backupStamp(at)}`)
    )
      at += 1000;
    const backupType = this.ctx.ops.registry.find('velero.io', 'v1', 'backups');
    const backup =
      backupType &&
      this.ctx.create(
        backupType,
        namespace,
        {
          apiVersion: 'velero.io/v1',
          kind: 'Backup',
          metadata: {
            name: `${name}-${backupStamp(at)}`,
            namespace,
            labels,
            ...(spec.useOwnerReferencesInBackup
              ? { ownerReferences: [this.ctx.ownerReference(schedule)] }
              : {}),
          },
          spec: template,
        },
        MANAGER,
      );
    if (!backup) return undefined;
    this.lastRun.set(uid!, nowMs);
    this.writeStatus(SCHEDULES, schedule, {
      ...(schedule.status as Obj),
      lastBackup: this.ctx.ops.clock.timestamp(),
    });
    return backup;
  }

  private reconcileBackup(backup: KubeObject) {
    const phase = (backup.status as Obj)?.phase ?? '';
    if (['', 'New', 'Queued', 'ReadyToStart'].includes(phase))
      this.startBackup(backup);
    else if (phase === 'InProgress') this.finishBackup(backup);
    else if (FINISHED.includes(phase)) this.expire(backup);
  }

  /** Velero's prepareBackupRequest: defaults, the location check, then InProgress or FailedValidation. */
  private startBackup(backup: KubeObject) {
    const type = this.ctx.typeOf(BACKUPS, backup);
    if (!type) return;
    const next = clone(backup);
    const spec = ((next.spec as Obj | undefined) ?? (next.spec = {})) as Obj;
    const now = this.ctx.ops.clock.now();
    const errors: string[] = [];
    // A zero TTL means the server default, as in Velero.
    if (!spec.ttl || parseGoDuration(spec.ttl) === 0) spec.ttl = DEFAULT_TTL;
    const ttlMs = parseGoDuration(spec.ttl);
    if (ttlMs === undefined) errors.push(`invalid ttl ${spec.ttl}`);
    const serverDefault = !spec.storageLocation;
    if (serverDefault)
      spec.storageLocation = this.defaultLocation(backup.metadata.namespace!);
    errors.push(
      ...this.locationErrors(
        backup.metadata.namespace!,
        spec.storageLocation,
        serverDefault,
      ),
    );
    next.metadata.labels = {
      ...next.metadata.labels,
      [LOCATION_LABEL]: spec.storageLocation,
    };
    next.status = {
      ...(next.status as Obj),
      version: 1,
      formatVersion: '1.1.0',
      expiration: timestamp(now + (ttlMs ?? 0)),
      ...(errors.length
        ? { phase: 'FailedValidation', validationErrors: errors }
        : { phase: 'InProgress', startTimestamp: timestamp(now) }),
    };
    const started = this.ctx.update(type, next, MANAGER);
    if (started && !errors.length) {
      this.doneAt.set(
        started.metadata.uid!,
        now + this.settings.backupDurationMs,
      );
      this.requeue(BACKUPS, started, this.settings.backupDurationMs);
    }
  }

  private defaultLocation(namespace: string): string {
    const marked = this.ctx.ops.store
      .list(LOCATIONS, namespace)
      .find(l => (l.spec as Obj)?.default === true);
    return marked?.metadata.name ?? 'default';
  }

  private locationErrors(
    namespace: string,
    name: string,
    serverDefault: boolean,
  ): string[] {
    const location = this.ctx.ops.store.get(LOCATIONS, namespace, name);
    if (!location) {
      const which = serverDefault
        ? `the server default ${name} does not exist`
        : `the default ${name} was not found`;
      return [
        `an existing backup storage location was not specified at backup creation time and ${which}. Please address this issue (see \`velero backup-location -h\` for options) and create a new backup. Error: backupstoragelocations.velero.io "${name}" not found`,
      ];
    }
    const errors: string[] = [];
    if ((location.spec as Obj)?.accessMode === 'ReadOnly') {
      errors.push(
        `backup can't be created because backup storage location ${name} is currently in read-only mode`,
      );
    }
    if ((location.status as Obj)?.phase !== 'Available') {
      errors.push(
        `backup can't be created because BackupStorageLocation ${name} is in Unavailable status.`,
      );
    }
    return errors;
  }

  /** The upload: Completed with the items it holds, or Failed when the location went away meanwhile. */
  private finishBackup(backup: KubeObject) {
    const type = this.ctx.typeOf(BACKUPS, backup);
    if (!type) return;
    const now = this.ctx.ops.clock.now();
    const uid = backup.metadata.uid!;
    // A Backup found InProgress after a restart finishes at once.
    const due = this.doneAt.get(uid) ?? now;
    if (now < due) {
      this.requeue(BACKUPS, backup, due - now);
      return;
    }
    this.doneAt.delete(uid);
    const spec = (backup.spec ?? {}) as Obj;
    const location = this.ctx.ops.store.get(
      LOCATIONS,
      backup.metadata.namespace,
      spec.storageLocation,
    );
    const failure = !location
      ? `error getting backup storage location: backupstoragelocations.velero.io "${spec.storageLocation}" not found`
      : this.locationProblem(location);
    const items = this.countItems(spec);
    const finished = this.writeStatus(BACKUPS, backup, {
      ...(backup.status as Obj),
      completionTimestamp: timestamp(now),
      ...(failure
        ? { phase: 'Failed', failureReason: failure }
        : {
            phase: 'Completed',
            progress: { totalItems: items, itemsBackedUp: items },
          }),
    });
    if (finished) this.expire(finished);
  }

  /** What the backup would hold: namespaced objects of its namespaces that match its selector. */
  private countItems(spec: Obj): number {
    const included: string[] = spec.includedNamespaces?.length
      ? spec.includedNamespaces
      : ['*'];
    const excluded = new Set<string>(spec.excludedNamespaces ?? []);
    const selected = spec.labelSelector
      ? labelSelectorMatcher(spec.labelSelector)
      : () => true;
    const seen = new Set<string>();
    let count = 0;
    for (const type of this.ctx.ops.registry.all()) {
      const key = storageKeyOf(type);
      if (!type.namespaced || type.virtual || seen.has(key)) continue;
      seen.add(key);
      // Velero leaves events out; its own objects are not backed up either.
      if (key === '/events' || type.group === 'velero.io') continue;
      for (const o of this.ctx.ops.store.list(key)) {
        const ns = o.metadata.namespace!;
        if (!included.includes('*') && !included.includes(ns)) continue;
        if (!excluded.has(ns) && selected(o)) count++;
      }
    }
    return count;
  }

  /** Velero's garbage collection: a finished Backup is deleted once expired. */
  private expire(backup: KubeObject) {
    const expiration = Date.parse((backup.status as Obj)?.expiration ?? '');
    if (Number.isNaN(expiration)) return;
    const left = expiration - this.ctx.ops.clock.now();
    const type = this.ctx.typeOf(BACKUPS, backup);
    if (!type) return;
    if (left > 0) this.requeue(BACKUPS, backup, Math.min(left, MAX_DELAY_MS));
    else this.ctx.delete(type, backup, 'velero-gc');
  }

  private requeue(storageKey: string, object: KubeObject, delayMs: number) {
    const type = this.ctx.typeOf(storageKey, object);
    if (type) this.ctx.requeueAfter(type, object, delayMs);
  }

  private writeStatus(storageKey: string, object: KubeObject, status: Obj) {
    const type = this.ctx.typeOf(storageKey, object);
    return type && this.ctx.writeStatus(type, object, status, MANAGER);
  }
}

/** RFC 3339 to the second, as Velero's timestamps. */
function timestamp(ms: number) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Go's `20060102150405` layout in UTC: the suffix of a scheduled Backup's name. */
function backupStamp(ms: number) {
  return new Date(ms).toISOString().replace(/[-:T]|\.\d{3}Z$/g, '');
}
