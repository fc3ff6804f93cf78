import { errors } from '../kube/StatusError';
import { KubeObject } from '../kube/types';
import {
  groupVersion,
  ResourceType,
  storageKeyOf,
} from '../resources/ResourceType';
import { ObjectStore } from '../store/ObjectStore';
import { paginate } from './listing';
import { ListOptions } from './options';
import { parseFieldSelector, parseLabelSelector } from './selectors';

export function findObject(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
) {
  return store.get(storageKeyOf(type), namespace, name);
}

/** The stored object, or the API server's NotFound. */
export function getObject(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): KubeObject {
  const object = findObject(store, type, namespace, name);
  if (!object) throw errors.notFound(type, name);
  return object;
}

/** Objects matching selectors, unpaginated (controllers, watch filters). */
export function selectObjects(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  options: ListOptions = {},
) {
  const labels = parseLabelSelector(options.labelSelector);
  const fields = parseFieldSelector(options.fieldSelector, type);
  return store
    .list(storageKeyOf(type), namespace)
    .filter(o => labels(o) && fields(o));
}

/** A List as `GET` on a collection returns it: one page, with the continue token. */
export function listObjects(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  options: ListOptions,
) {
  const resourceVersion = store.resourceVersion;
  const page = paginate(
    selectObjects(store, type, namespace, options),
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
