import { randomUUID } from 'node:crypto';
import { clone } from '../kube/clone';
import { errors } from '../kube/StatusError';
import { KubeObject } from '../kube/types';
import { deepEqual } from '../patch/deepEqual';
import { editedManagedFields, trackUpdate } from '../patch/managedFields';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import {
  groupVersion,
  ResourceType,
  storageKeyOf,
} from '../resources/ResourceType';
import { ObjectStore } from '../store/ObjectStore';
import {
  defaultOnCreate,
  defaultSpec,
  randomSuffix,
  specChanged,
  validate,
} from './admission';
import { Clock } from './Clock';
import { Subresource, WriteContext } from './options';
import { findObject } from './reads';
import { checkCustom, checkNamespaceOpen } from './requestChecks';
import { WriteKind, WriteLog } from './writeLog';

/**
 * The write path every operation ends in: server-set metadata
 * (uid, resourceVersion, generation, managedFields of Update writes),
 * admission, no-op detection, finalization, and the write log.
 */
export class ObjectWriter {
  private nextClusterIp = 1;
  /** Every stored change, in order. */
  readonly writeLog = new WriteLog();

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    readonly clock: Clock,
  ) {}

  /** Admits and stores a new object; `track` records an Update manager (apply brings its own). */
  createObject(
    type: ResourceType,
    namespace: string | undefined,
    object: KubeObject,
    ctx: WriteContext,
    track: { manager: string; operation: 'Update' } | undefined,
  ): KubeObject {
    if (type.namespaced) checkNamespaceOpen(this.store, namespace!);
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomSuffix()}`;
    }
    if (type.custom) checkCustom(type, object, ctx);
    defaultOnCreate(type, object, () => this.allocateClusterIp());
    validate(type, object);
    if (findObject(this.store, type, namespace, object.metadata.name!)) {
      throw errors.alreadyExists(type, object.metadata.name!);
    }
    const meta = object.metadata;
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    meta.uid = randomUUID();
    meta.creationTimestamp = this.clock.timestamp();
    meta.generation = 1;
    if (track) {
      meta.managedFields = trackUpdate(
        undefined,
        object,
        {
          manager: track.manager,
          apiVersion: object.apiVersion!,
          time: meta.creationTimestamp,
        },
        Boolean(type.subresources.status),
      );
    }
    return this.commit(type, undefined, object, ctx, { verb: 'create' });
  }

  /**
   * Stores `candidate` as the next version of `current`: identity metadata
   * kept, status and main resource written apart, Service IPs kept.
   */
  commitUpdate(
    type: ResourceType,
    current: KubeObject,
    candidate: KubeObject,
    ctx: WriteContext,
    write: WriteKind,
    subresource: Subresource,
    managedFieldsDone = false,
  ): KubeObject {
    if (subresource === 'status') {
      return this.finishUpdate(
        type,
        current,
        statusVersion(current, candidate, ctx, managedFieldsDone),
        ctx,
        write,
        subresource,
        managedFieldsDone,
      );
    }
    const next = clone(candidate);
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    const meta = next.metadata;
    for (const key of [
      'name',
      'namespace',
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'generation',
    ] as const) {
      if (current.metadata[key] === undefined) delete meta[key];
      else (meta as Record<string, unknown>)[key] = current.metadata[key];
    }
    if (
      !managedFieldsDone &&
      !ctx.fieldManager &&
      candidate.metadata.managedFields === undefined
    ) {
      meta.managedFields = current.metadata.managedFields;
    }
    if (type.subresources.status && type.kind !== 'Namespace') {
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
    if (type.custom) checkCustom(type, next, ctx);
    defaultSpec(type, next);
    if (type.kind === 'Service') {
      const spec = (next.spec ?? {}) as Record<string, unknown>;
      spec.clusterIP ??= (current.spec as Record<string, unknown>)?.clusterIP;
      spec.clusterIPs ??= (current.spec as Record<string, unknown>)?.clusterIPs;
    }
    validate(type, next, current);
    return this.finishUpdate(
      type,
      current,
      next,
      ctx,
      write,
      subresource,
      managedFieldsDone,
    );
  }

  /** Stores a new version with the next resourceVersion (nothing on a dry run). */
  commit(
    type: ResourceType,
    previous: KubeObject | undefined,
    next: KubeObject,
    ctx: WriteContext,
    write: WriteKind,
    subresource?: Subresource,
  ): KubeObject {
    if (ctx.dryRun) return next;
    next.metadata.resourceVersion = this.store.nextResourceVersion();
    this.store.put(storageKeyOf(type), next, previous);
    this.emitWrite(type, next, write, ctx, subresource);
    return next;
  }

  /** Deletes an object for good; the delete gets its own resourceVersion. */
  remove(
    type: ResourceType,
    current: KubeObject,
    ctx: WriteContext,
    write: WriteKind & { verb: 'delete' } = { verb: 'delete' },
  ) {
    if (ctx.dryRun) return current;
    const gone = clone(current);
    gone.metadata.resourceVersion = this.store.nextResourceVersion();
    this.store.remove(storageKeyOf(type), gone);
    this.emitWrite(type, gone, write, ctx);
    return gone;
  }

  private finishUpdate(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    ctx: WriteContext,
    write: WriteKind,
    subresource: Subresource,
    managedFieldsDone: boolean,
  ) {
    const meta = next.metadata;
    meta.resourceVersion = current.metadata.resourceVersion;
    if (specChanged(current, next))
      meta.generation = (current.metadata.generation ?? 0) + 1;
    if (!managedFieldsDone) {
      meta.managedFields = trackUpdate(
        current,
        next,
        {
          manager: ctx.fieldManager ?? ctx.defaultManager,
          apiVersion: next.apiVersion!,
          time: this.clock.timestamp(),
          subresource: subresource === 'status' ? 'status' : undefined,
        },
        Boolean(type.subresources.status),
        // A subresource's write cannot change them, as on a real server.
        subresource === 'status'
          ? undefined
          : editedManagedFields(current, next),
      );
    }
    if (unchanged(current, next)) return current;
    if (
      meta.deletionTimestamp &&
      !(meta.finalizers ?? []).length &&
      !namespaceFinalizing(type, next)
    ) {
      return ctx.dryRun ? next : this.remove(type, next, ctx);
    }
    return this.commit(type, current, next, ctx, write, subresource);
  }

  private emitWrite(
    type: ResourceType,
    object: KubeObject,
    write: WriteKind,
    ctx: WriteContext,
    subresource?: Subresource,
  ) {
    this.writeLog.append({
      time: this.clock.isoTime(),
      verb: write.verb,
      apiVersion: object.apiVersion ?? groupVersion(type),
      kind: type.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name!,
      uid: object.metadata.uid!,
      ...(subresource ? { subresource } : {}),
      ...(write.verb === 'patch' ? { patchType: write.patchType } : {}),
      ...(write.verb === 'delete' && write.propagationPolicy
        ? { propagationPolicy: write.propagationPolicy }
        : {}),
      resourceVersion: object.metadata.resourceVersion!,
      fieldManager: ctx.fieldManager ?? ctx.defaultManager,
      user: ctx.user,
    });
  }

  /** After a restore: new Services get addresses after those restored ones hold. */
  continueClusterIpsAfter(ips: string[]) {
    for (const ip of ips) {
      const match = /^10\.96\.(\d+)\.(\d+)$/.exec(ip);
      if (match) {
        const next = Number(match[1]) * 250 + Number(match[2]);
        this.nextClusterIp = Math.max(this.nextClusterIp, next);
      }
    }
  }

  private allocateClusterIp() {
    const n = this.nextClusterIp++;
    return `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }
}

/**
 * The next version of `current` when only its status is written: a new
 * object and metadata (the write path sets resourceVersion, generation and
 * managedFields on them), the candidate's status, and everything else shared
 * with the stored version, which is never mutated.
 */
function statusVersion(
  current: KubeObject,
  candidate: KubeObject,
  ctx: WriteContext,
  managedFieldsDone: boolean,
): KubeObject {
  const next = definedKeys(current) as KubeObject;
  next.metadata = definedKeys(current.metadata);
  next.status = clone(candidate.status);
  next.metadata.managedFields =
    !managedFieldsDone &&
    !ctx.fieldManager &&
    candidate.metadata.managedFields === undefined
      ? current.metadata.managedFields
      : clone(candidate.metadata.managedFields);
  return next;
}

/** A shallow copy without undefined values, as clone() leaves them out. */
function definedKeys<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/** A Namespace still waits for its `spec.finalizers` (the namespace controller empties them). */
export function namespaceFinalizing(type: ResourceType, object: KubeObject) {
  return (
    type.kind === 'Namespace' &&
    ((object.spec as any)?.finalizers ?? []).length > 0
  );
}

/** Equal except for managedFields timestamps: such a write is a no-op and stores nothing. */
function unchanged(current: KubeObject, next: KubeObject) {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: {
      ...o.metadata,
      managedFields: o.metadata.managedFields?.map(({ time, ...rest }) => rest),
    },
  });
  return deepEqual(strip(current), strip(next));
}
