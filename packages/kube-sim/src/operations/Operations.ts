import { errors } from '../kube/StatusError';
import { KubeObject } from '../kube/types';
import { deepEqual } from '../patch/deepEqual';
import { isObject } from '../patch/mergePatch';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { ResourceType, storageKeyOf } from '../resources/ResourceType';
import { ObjectStore } from '../store/ObjectStore';
import { applyConfiguration } from './apply';
import { Clock } from './Clock';
import { deleteCollection, deleteObject } from './deletion';
import { ObjectWriter } from './ObjectWriter';
import {
  DeleteOptions,
  ListOptions,
  PatchType,
  Subresource,
  WriteContext,
} from './options';
import { applyPatchDocument } from './patchDocuments';
import { findObject, getObject, listObjects, selectObjects } from './reads';
import {
  checkBody,
  checkResourceVersion,
  checkStrict,
  checkUid,
} from './requestChecks';
import { scaleOf, writeScale } from './scale';

/**
 * The API server's resource semantics, independent of HTTP: defaulting,
 * validation, resourceVersion and generation, managedFields and
 * server-side apply, subresources, dry runs, finalizers. Controllers call it
 * the same way HTTP clients do.
 */
export class Operations {
  private readonly writer: ObjectWriter;

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    readonly clock: Clock,
  ) {
    this.writer = new ObjectWriter(store, registry, clock);
  }

  /** Every stored change, in order. */
  get writeLog() {
    return this.writer.writeLog;
  }

  /**
   * Loads saved objects as they were (a restart): resourceVersions, write
   * numbering and Service addresses go on after theirs.
   */
  restore(
    objects: { storageKey: string; object: KubeObject }[],
    resourceVersion: number,
    lastWriteSeq: number,
  ) {
    this.writer.writeLog.continueAfter(lastWriteSeq);
    this.writer.continueClusterIpsAfter(
      objects
        .filter(o => o.storageKey === '/services')
        .map(o => (o.object.spec as { clusterIP?: string })?.clusterIP ?? ''),
    );
    this.store.load(objects, resourceVersion);
  }

  storageKey(type: ResourceType) {
    return storageKeyOf(type);
  }

  get(type: ResourceType, namespace: string | undefined, name: string) {
    return getObject(this.store, type, namespace, name);
  }

  find(type: ResourceType, namespace: string | undefined, name: string) {
    return findObject(this.store, type, namespace, name);
  }

  /** Objects matching selectors, unpaginated (controllers, watch filters). */
  select(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions = {},
  ) {
    return selectObjects(this.store, type, namespace, options);
  }

  list(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions,
  ) {
    return listObjects(this.store, type, namespace, options);
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    ctx: WriteContext,
  ): KubeObject {
    const object = checkBody(type, namespace, body);
    checkStrict(type, object, ctx);
    return this.writer.createObject(type, namespace, object, ctx, {
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
    if (subresource === 'scale') {
      return writeScale(
        this.writer,
        type,
        namespace,
        name,
        ctx,
        { verb: 'update' },
        () => body,
      );
    }
    // A status write copies the status it keeps (ObjectWriter), not the whole body.
    const object = checkBody(
      type,
      namespace,
      body,
      subresource === 'status' ? 'shallow' : 'deep',
    );
    if (object.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    checkStrict(type, object, ctx);
    const current = this.get(type, namespace, name);
    checkUid(type, name, current, object.metadata.uid);
    checkResourceVersion(type, name, current, object.metadata.resourceVersion);
    return this.writer.commitUpdate(
      type,
      current,
      object,
      ctx,
      { verb: 'update' },
      subresource,
    );
  }

  /**
   * Whether writing `status` to `object` through the status subresource
   * would store nothing: the object is the stored version and has that status.
   */
  storesNoStatusChange(
    type: ResourceType,
    object: KubeObject,
    status: unknown,
  ): boolean {
    return (
      Boolean(type.subresources.status) &&
      deepEqual(object.status, status) &&
      this.store.get(
        storageKeyOf(type),
        object.metadata.namespace,
        object.metadata.name!,
      ) === object
    );
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
      return writeScale(
        this.writer,
        type,
        namespace,
        name,
        ctx,
        { verb: 'patch', patchType },
        scale => applyPatchDocument(patchType, scale, body, type),
      );
    }
    if (patchType === 'apply') {
      return applyConfiguration(
        this.writer,
        type,
        namespace,
        name,
        body,
        ctx,
        options,
      );
    }
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
    checkUid(type, name, current, patched.metadata.uid);
    checkResourceVersion(type, name, current, patched.metadata.resourceVersion);
    return this.writer.commitUpdate(
      type,
      current,
      patched,
      ctx,
      { verb: 'patch', patchType },
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
    return deleteObject(this.writer, type, namespace, name, ctx, options);
  }

  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions,
    ctx: WriteContext,
  ) {
    return deleteCollection(this.writer, type, namespace, options, ctx);
  }

  /** Builds the autoscaling/v1 Scale view of a scalable object. */
  scaleOf(type: ResourceType, object: KubeObject) {
    return scaleOf(type, object);
  }
}
