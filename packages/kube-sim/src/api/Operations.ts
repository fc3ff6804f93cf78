import { randomUUID } from 'node:crypto';
import { applyPatch as applyJsonPatch, Operation } from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import { deepEqual } from '../patch/deepEqual';
import { serverSideApply, trackUpdate } from '../patch/managedFields';
import { applyMergePatch, isObject } from '../patch/mergePatch';
import { applyStrategicMergePatch } from '../patch/strategicMergePatch';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { groupVersion, ResourceType } from '../resources/ResourceType';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../types';
import {
  defaultOnCreate,
  randomSuffix,
  specChanged,
  validate,
} from './admission';
import { Clock } from './Clock';
import {
  FieldValidation,
  strictDecodingError,
  unknownBuiltinFields,
  validateCustomResource,
} from './fieldValidation';
import { paginate } from './listing';
import {
  parseFieldSelector,
  parseLabelSelector,
  selectorToString,
} from './selectors';
import { errors, StatusError } from './StatusError';
import { clone } from '../clone';

/** Who is writing, and how: what every write operation needs to know. */
export type WriteContext = {
  user: string;
  /** `fieldManager` from the query; required for apply. */
  fieldManager?: string;
  /** The manager name the server derives from the User-Agent when none is given. */
  defaultManager: string;
  dryRun: boolean;
  fieldValidation: FieldValidation;
};

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export type Subresource = 'status' | 'scale' | undefined;

/**
 * One accepted write, as the write log keeps it: who changed what, and how.
 *
 * @public
 */
export type WriteRecord = {
  time: string;
  verb: 'create' | 'update' | 'patch' | 'delete';
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  subresource?: string;
  resourceVersion: string;
  fieldManager: string;
  user: string;
};

export type ListOptions = {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
};

export type DeleteOptions = {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
};

export const SYSTEM_CONTEXT: WriteContext = {
  user: 'system:kube-controller-manager',
  defaultManager: 'kube-controller-manager',
  dryRun: false,
  fieldValidation: 'Ignore',
};

/**
 * The API server's resource semantics, independent of HTTP: defaulting,
 * validation, resourceVersion and generation, managedFields and
 * server-side apply, subresources, dry runs, finalizers. Controllers call it
 * the same way HTTP clients do.
 */
export class Operations {
  private nextClusterIp = 1;
  private readonly writeListeners = new Set<(record: WriteRecord) => void>();

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    readonly clock: Clock,
  ) {}

  onWrite(listener: (record: WriteRecord) => void) {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  storageKey(type: ResourceType) {
    return `${type.group}/${type.resource}`;
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const object = this.store.get(this.storageKey(type), namespace, name);
    if (!object) throw errors.notFound(type, name);
    return object;
  }

  find(type: ResourceType, namespace: string | undefined, name: string) {
    return this.store.get(this.storageKey(type), namespace, name);
  }

  /** Objects matching selectors, unpaginated (controllers, watch filters). */
  select(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions = {},
  ) {
    const labels = parseLabelSelector(options.labelSelector);
    const fields = parseFieldSelector(options.fieldSelector, type);
    return this.store
      .list(this.storageKey(type), namespace)
      .filter(o => labels(o) && fields(o));
  }

  list(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions,
  ) {
    const resourceVersion = this.store.resourceVersion;
    const page = paginate(
      this.select(type, namespace, options),
      resourceVersion,
      options.limit,
      options.continue,
    );
    return {
      kind: type.listKind,
      apiVersion: groupVersion(type),
      metadata: {
        resourceVersion: String(resourceVersion),
        ...(page.continue ? { continue: page.continue } : {}),
        ...(page.remainingItemCount !== undefined
          ? { remainingItemCount: page.remainingItemCount }
          : {}),
      },
      items: page.items,
    };
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    ctx: WriteContext,
  ): KubeObject {
    const object = this.checkBody(type, namespace, body);
    this.checkStrict(type, object, ctx);
    return this.createObject(type, namespace, object, ctx, {
      manager: ctx.fieldManager ?? ctx.defaultManager,
      operation: 'Update',
    });
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    ctx: WriteContext,
    subresource?: Subresource,
  ): KubeObject {
    if (subresource === 'scale')
      return this.writeScale(type, namespace, name, ctx, 'update', () => body);
    const object = this.checkBody(type, namespace, body);
    if (object.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    this.checkStrict(type, object, ctx);
    const current = this.get(type, namespace, name);
    const expected = object.metadata.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) {
      throw errors.conflict(type, name);
    }
    return this.commitUpdate(type, current, object, ctx, 'update', subresource);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: string,
    ctx: WriteContext,
    options: { force?: boolean; subresource?: Subresource },
  ): KubeObject {
    if (options.subresource === 'scale') {
      return this.writeScale(type, namespace, name, ctx, 'patch', scale =>
        applyPatchDocument(patchType, scale, body, type),
      );
    }
    if (patchType === 'apply')
      return this.apply(type, namespace, name, body, ctx, options);
    const current = this.get(type, namespace, name);
    const patched = applyPatchDocument(
      patchType,
      current,
      body,
      type,
    ) as KubeObject;
    if (!isObject(patched) || !isObject(patched.metadata)) {
      throw errors.badRequest('the patch produced an object without metadata');
    }
    const expected = patched.metadata.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) {
      throw errors.conflict(type, name);
    }
    return this.commitUpdate(
      type,
      current,
      patched,
      ctx,
      'patch',
      options.subresource,
    );
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    ctx: WriteContext,
    options: DeleteOptions = {},
  ): KubeObject {
    const current = this.get(type, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw new StatusError(
        409,
        'Conflict',
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (
      pre?.resourceVersion &&
      pre.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw errors.conflict(type, name);
    }
    if (ctx.dryRun) return current;
    if (options.propagationPolicy === 'Orphan') this.orphanDependents(current);
    const finalizers = current.metadata.finalizers ?? [];
    const namespacePending =
      type.kind === 'Namespace' &&
      ((current.spec as any)?.finalizers ?? []).length > 0;
    if (finalizers.length || namespacePending) {
      if (current.metadata.deletionTimestamp) return current;
      const next = clone(current);
      next.metadata.deletionTimestamp = this.clock.timestamp();
      next.metadata.deletionGracePeriodSeconds = 0;
      if (type.kind === 'Namespace')
        (next.status as any) = {
          ...(next.status as object),
          phase: 'Terminating',
        };
      return this.commit(type, current, next, ctx, 'delete');
    }
    return this.remove(type, current, ctx);
  }

  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions,
    ctx: WriteContext,
  ) {
    const victims = this.select(type, namespace, options);
    const items = victims.map(v =>
      this.delete(type, v.metadata.namespace, v.metadata.name!, ctx),
    );
    return {
      kind: type.listKind,
      apiVersion: groupVersion(type),
      metadata: { resourceVersion: String(this.store.resourceVersion) },
      items,
    };
  }

  /** Builds the autoscaling/v1 Scale view of a scalable object. */
  scaleOf(type: ResourceType, object: KubeObject) {
    const status = (object.status ?? {}) as Record<string, any>;
    const spec = (object.spec ?? {}) as Record<string, any>;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: object.metadata.name,
        namespace: object.metadata.namespace,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
        creationTimestamp: object.metadata.creationTimestamp,
      },
      spec: {
        replicas:
          readPath(object, type.subresources.scale!.specReplicasPath) ??
          spec.replicas ??
          0,
      },
      status: {
        replicas:
          readPath(object, type.subresources.scale!.statusReplicasPath) ??
          status.replicas ??
          0,
        selector: selectorToString(spec.selector),
      },
    };
  }

  private writeScale(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    ctx: WriteContext,
    verb: 'update' | 'patch',
    change: (scale: unknown) => unknown,
  ) {
    if (!type.subresources.scale) throw errors.pathNotFound();
    const current = this.get(type, namespace, name);
    const scale = change(this.scaleOf(type, current)) as Record<string, any>;
    const expected = scale?.metadata?.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) {
      throw errors.conflict(type, name);
    }
    const replicas = scale?.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw errors.invalid('Scale', 'autoscaling', name, [
        {
          field: 'spec.replicas',
          message: `Invalid value: ${JSON.stringify(
            replicas,
          )}: must be greater than or equal to 0`,
        },
      ]);
    }
    const next = clone(current);
    writePath(next, type.subresources.scale.specReplicasPath, replicas);
    const stored = this.commitUpdate(type, current, next, ctx, verb, 'scale');
    return this.scaleOf(type, stored) as unknown as KubeObject;
  }

  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: string,
    ctx: WriteContext,
    options: { force?: boolean; subresource?: Subresource },
  ): KubeObject {
    if (!ctx.fieldManager) {
      throw errors.badRequest(
        'PATCH, application/apply-patch+yaml requires fieldManager to be set',
      );
    }
    let config: KubeObject;
    try {
      // Every client sends JSON text as apply YAML; JSON.parse is much faster than a YAML parse.
      config = parseApplyBody(body);
    } catch (e) {
      throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
    }
    if (!isObject(config) || !isObject(config.metadata)) {
      throw errors.badRequest(
        'apply configuration must be an object with metadata',
      );
    }
    if (config.metadata.name && config.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    config.metadata.name = name;
    if (type.namespaced) config.metadata.namespace ??= namespace;
    if (type.custom) this.checkCustom(type, config, ctx);
    else this.checkStrict(type, config, ctx);
    const current = this.find(type, namespace, name);
    const writer = {
      manager: ctx.fieldManager,
      apiVersion: config.apiVersion ?? groupVersion(type),
      time: this.clock.timestamp(),
      subresource:
        options.subresource === 'status' ? ('status' as const) : undefined,
    };
    const hasStatus = Boolean(type.subresources.status);
    if (!current) {
      if (options.subresource) throw errors.notFound(type, name);
      const { object, managedFields } = serverSideApply(
        undefined,
        config,
        writer,
        true,
        hasStatus,
      );
      object.metadata.managedFields = managedFields;
      return this.createObject(
        type,
        namespace,
        this.checkBody(type, namespace, object),
        ctx,
        undefined,
      );
    }
    const { object, managedFields } = serverSideApply(
      current,
      config,
      writer,
      Boolean(options.force),
      hasStatus,
    );
    object.metadata.managedFields = managedFields;
    return this.commitUpdate(
      type,
      current,
      object,
      ctx,
      'patch',
      options.subresource,
      true,
    );
  }

  private createObject(
    type: ResourceType,
    namespace: string | undefined,
    object: KubeObject,
    ctx: WriteContext,
    track: { manager: string; operation: 'Update' } | undefined,
  ): KubeObject {
    if (type.namespaced) this.checkNamespaceOpen(namespace!);
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomSuffix()}`;
    }
    if (type.custom) this.checkCustom(type, object, ctx);
    defaultOnCreate(type, object, () => this.allocateClusterIp());
    validate(type, object);
    if (this.find(type, namespace, object.metadata.name!)) {
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
    return this.commit(type, undefined, object, ctx, 'create');
  }

  private commitUpdate(
    type: ResourceType,
    current: KubeObject,
    candidate: KubeObject,
    ctx: WriteContext,
    verb: 'update' | 'patch',
    subresource: Subresource,
    managedFieldsDone = false,
  ): KubeObject {
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
    if (subresource === 'status') {
      const onlyStatus = clone(current);
      onlyStatus.status = next.status;
      onlyStatus.metadata.managedFields = meta.managedFields;
      return this.finishUpdate(
        type,
        current,
        onlyStatus,
        ctx,
        verb,
        subresource,
        managedFieldsDone,
      );
    }
    if (type.subresources.status && type.kind !== 'Namespace') {
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
    if (type.custom) this.checkCustom(type, next, ctx);
    if (type.kind === 'Service') {
      const spec = (next.spec ?? {}) as Record<string, unknown>;
      spec.clusterIP ??= (current.spec as Record<string, unknown>)?.clusterIP;
      spec.clusterIPs ??= (current.spec as Record<string, unknown>)?.clusterIPs;
    }
    validate(type, next);
    return this.finishUpdate(
      type,
      current,
      next,
      ctx,
      verb,
      subresource,
      managedFieldsDone,
    );
  }

  private finishUpdate(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    ctx: WriteContext,
    verb: 'update' | 'patch',
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
    return this.commit(type, current, next, ctx, verb, subresource);
  }

  private commit(
    type: ResourceType,
    previous: KubeObject | undefined,
    next: KubeObject,
    ctx: WriteContext,
    verb: WriteRecord['verb'],
    subresource?: Subresource,
  ): KubeObject {
    if (ctx.dryRun) return next;
    next.metadata.resourceVersion = this.store.nextResourceVersion();
    this.store.put(this.storageKey(type), next, previous);
    this.emitWrite(type, next, verb, ctx, subresource);
    return next;
  }

  private remove(type: ResourceType, current: KubeObject, ctx: WriteContext) {
    if (ctx.dryRun) return current;
    const gone = clone(current);
    gone.metadata.resourceVersion = this.store.nextResourceVersion();
    this.store.remove(this.storageKey(type), gone);
    this.emitWrite(type, gone, 'delete', ctx);
    return gone;
  }

  private emitWrite(
    type: ResourceType,
    object: KubeObject,
    verb: WriteRecord['verb'],
    ctx: WriteContext,
    subresource?: Subresource,
  ) {
    if (this.writeListeners.size === 0) return;
    const record: WriteRecord = {
      time: new Date(this.clock.now()).toISOString(),
      verb,
      apiVersion: object.apiVersion ?? groupVersion(type),
      kind: type.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name!,
      ...(subresource ? { subresource } : {}),
      resourceVersion: object.metadata.resourceVersion!,
      fieldManager: ctx.fieldManager ?? ctx.defaultManager,
      user: ctx.user,
    };
    for (const listener of this.writeListeners) listener(record);
  }

  private orphanDependents(owner: KubeObject) {
    for (const type of this.registry.all()) {
      if (type.virtual) continue;
      for (const dependent of this.store.list(this.storageKey(type))) {
        const refs = dependent.metadata.ownerReferences;
        if (!refs?.some(r => r.uid === owner.metadata.uid)) continue;
        const next = clone(dependent);
        next.metadata.ownerReferences = refs.filter(
          r => r.uid !== owner.metadata.uid,
        );
        if (!next.metadata.ownerReferences.length)
          delete next.metadata.ownerReferences;
        this.commit(type, dependent, next, SYSTEM_CONTEXT, 'update');
      }
    }
  }

  private checkBody(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
  ): KubeObject {
    if (!isObject(body))
      throw errors.badRequest('the request body must be a JSON or YAML object');
    const object = clone(body) as KubeObject;
    if (!isObject(object.metadata)) object.metadata = {};
    const apiVersion = groupVersion(type);
    if (object.kind && object.kind !== type.kind) {
      throw errors.badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersion})`,
      );
    }
    object.apiVersion ??= apiVersion;
    object.kind ??= type.kind;
    if (type.namespaced) {
      if (
        object.metadata.namespace &&
        object.metadata.namespace !== namespace
      ) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      object.metadata.namespace = namespace;
    } else {
      delete object.metadata.namespace;
    }
    return object;
  }

  private checkStrict(
    type: ResourceType,
    object: KubeObject,
    ctx: WriteContext,
  ) {
    if (ctx.fieldValidation !== 'Strict' || type.custom) return;
    const unknown = unknownBuiltinFields(type, object);
    if (unknown.length) throw strictDecodingError(unknown);
  }

  private checkCustom(
    type: ResourceType,
    object: KubeObject,
    ctx: WriteContext,
  ) {
    const { invalid, unknown } = validateCustomResource(
      type.custom!.schema as any,
      object,
    );
    if (unknown.length && ctx.fieldValidation === 'Strict')
      throw strictDecodingError(unknown);
    if (invalid.length) {
      throw errors.invalid(
        type.kind,
        type.group,
        object.metadata.name ?? '',
        invalid,
      );
    }
  }

  private checkNamespaceOpen(namespace: string) {
    const ns = this.store.get('/namespaces', undefined, namespace);
    if (!ns) {
      throw errors.notFound({ group: '', resource: 'namespaces' }, namespace);
    }
    if (ns.metadata.deletionTimestamp) {
      throw new StatusError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name: namespace,
          kind: 'namespaces',
        },
      );
    }
  }

  private allocateClusterIp() {
    const n = this.nextClusterIp++;
    return `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }
}

function parseApplyBody(body: string): KubeObject {
  try {
    return JSON.parse(body);
  } catch {
    return parseYaml(body) as KubeObject;
  }
}

function namespaceFinalizing(type: ResourceType, object: KubeObject) {
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

function applyPatchDocument(
  patchType: PatchType,
  target: unknown,
  body: string,
  type: ResourceType,
): unknown {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (e) {
    throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  switch (patchType) {
    case 'merge':
      return applyMergePatch(target, document);
    case 'strategic':
      if (type.custom) {
        throw new StatusError(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      }
      return applyStrategicMergePatch(target, document);
    case 'json':
      if (!Array.isArray(document))
        throw errors.badRequest('json patch must be an array of operations');
      try {
        return applyJsonPatch(
          clone(target),
          document as Operation[],
          true,
          false,
        ).newDocument;
      } catch (e) {
        throw new StatusError(
          422,
          'Invalid',
          `the server rejected our request due to an error in our request: ${
            (e as Error).message.split('\n')[0]
          }`,
        );
      }
    default:
      throw errors.unsupportedMediaType(patchType);
  }
}

function readPath(object: unknown, path: string): any {
  return path
    .split('.')
    .filter(Boolean)
    .reduce<any>(
      (v, k) => (v === undefined || v === null ? undefined : v[k]),
      object,
    );
}

function writePath(object: any, path: string, value: unknown) {
  const keys = path.split('.').filter(Boolean);
  let node = object;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = value;
}
