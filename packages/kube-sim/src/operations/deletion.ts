import { clone } from '../kube/clone';
import { StatusError } from '../kube/StatusError';
import { KubeObject } from '../kube/types';
import {
  groupVersion,
  ResourceType,
  storageKeyOf,
} from '../resources/ResourceType';
import { namespaceFinalizing, ObjectWriter } from './ObjectWriter';
import {
  DeleteOptions,
  ListOptions,
  SYSTEM_CONTEXT,
  WriteContext,
} from './options';
import { getObject, selectObjects } from './reads';
import { checkResourceVersion } from './requestChecks';

/**
 * Deletes an object: preconditions, `Orphan` propagation, and finalizers
 * (an object that has some only gets its deletionTimestamp). Background
 * propagation is the garbage collector's (controllers).
 */
export function deleteObject(
  writer: ObjectWriter,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  ctx: WriteContext,
  options: DeleteOptions = {},
): KubeObject {
  const current = getObject(writer.store, type, namespace, name);
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw new StatusError(
      409,
      'Conflict',
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  checkResourceVersion(type, name, current, pre?.resourceVersion);
  if (ctx.dryRun) return current;
  const write = {
    verb: 'delete' as const,
    propagationPolicy: options.propagationPolicy ?? 'Background',
  };
  if (options.propagationPolicy === 'Orphan') orphanDependents(writer, current);
  const finalizers = current.metadata.finalizers ?? [];
  if (finalizers.length || namespaceFinalizing(type, current)) {
    if (current.metadata.deletionTimestamp) return current;
    const next = clone(current);
    next.metadata.deletionTimestamp = writer.clock.timestamp();
    next.metadata.deletionGracePeriodSeconds = 0;
    if (type.kind === 'Namespace')
      (next.status as any) = {
        ...(next.status as object),
        phase: 'Terminating',
      };
    return writer.commit(type, current, next, ctx, write);
  }
  return writer.remove(type, current, ctx, write);
}

export function deleteCollection(
  writer: ObjectWriter,
  type: ResourceType,
  namespace: string | undefined,
  options: ListOptions,
  ctx: WriteContext,
) {
  const victims = selectObjects(writer.store, type, namespace, options);
  const items = victims.map(v =>
    deleteObject(writer, type, v.metadata.namespace, v.metadata.name!, ctx),
  );
  return {
    kind: type.listKind,
    apiVersion: groupVersion(type),
    metadata: { resourceVersion: String(writer.store.resourceVersion) },
    items,
  };
}

/** `propagationPolicy=Orphan`: dependents lose their ownerReference to `owner`. */
function orphanDependents(writer: ObjectWriter, owner: KubeObject) {
  for (const type of writer.registry.all()) {
    if (type.virtual) continue;
    for (const dependent of writer.store.list(storageKeyOf(type))) {
      const refs = dependent.metadata.ownerReferences;
      if (!refs?.some(r => r.uid === owner.metadata.uid)) continue;
      const next = clone(dependent);
      next.metadata.ownerReferences = refs.filter(
        r => r.uid !== owner.metadata.uid,
      );
      if (!next.metadata.ownerReferences.length)
        delete next.metadata.ownerReferences;
      writer.commit(type, dependent, next, SYSTEM_CONTEXT, {
        verb: 'update',
      });
    }
  }
}
