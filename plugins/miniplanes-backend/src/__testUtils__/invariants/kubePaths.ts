import { ResourceKind } from './scenario';

const RESOURCES: Record<
  ResourceKind,
  { prefix: string; plural: string; namespaced: boolean }
> = {
  StatefulSet: {
    prefix: '/apis/apps/v1',
    plural: 'statefulsets',
    namespaced: true,
  },
  Deployment: {
    prefix: '/apis/apps/v1',
    plural: 'deployments',
    namespaced: true,
  },
  ConfigMap: { prefix: '/api/v1', plural: 'configmaps', namespaced: true },
  PersistentVolumeClaim: {
    prefix: '/api/v1',
    plural: 'persistentvolumeclaims',
    namespaced: true,
  },
  Service: { prefix: '/api/v1', plural: 'services', namespaced: true },
  Namespace: { prefix: '/api/v1', plural: 'namespaces', namespaced: false },
};

/** An object of the kinds scenarios declare, as the checker names it. */
export interface ObjectName {
  kind: ResourceKind;
  namespace?: string;
  name: string;
}

export function isScenarioKind(kind: string): kind is ResourceKind {
  return kind in RESOURCES;
}

export function isNamespaced(kind: ResourceKind): boolean {
  return RESOURCES[kind].namespaced;
}

/** The API path of a collection (`name` absent) or of one object. */
export function pathOf(object: Omit<ObjectName, 'name'> & { name?: string }) {
  const r = RESOURCES[object.kind];
  const ns = r.namespaced ? `/namespaces/${object.namespace ?? 'default'}` : '';
  return `${r.prefix}${ns}/${r.plural}${object.name ? `/${object.name}` : ''}`;
}

/** `Kind namespace/name`: the checker's key of an object in a cluster. */
export function keyOf(object: ObjectName): string {
  return `${object.kind} ${
    isNamespaced(object.kind) ? object.namespace ?? 'default' : ''
  }/${object.name}`;
}

/** What the checker reads of a live object. */
export interface LiveObject {
  metadata: {
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/**
 * The object as the simulated cluster stores it now, read beside its API:
 * the checker must neither meet the faults a scenario injects nor use up
 * the counted ones.
 */
export function readLive(
  cluster: {
    store: { get(key: string, ns: string | undefined, name: string): unknown };
  },
  object: ObjectName,
): LiveObject | undefined {
  const r = RESOURCES[object.kind];
  return cluster.store.get(
    storageKeyOf(object),
    r.namespaced ? object.namespace ?? 'default' : undefined,
    object.name,
  ) as LiveObject | undefined;
}

/**
 * The object as one write stored it (the simulator's event history, read
 * beside its API), for an object gone before the checker looked: what was
 * written decides what the write was. Undefined once the history is
 * compacted past it.
 */
export function readWritten(
  cluster: {
    store: {
      eventsSince(
        key: string,
        resourceVersion: number,
      ):
        | { resourceVersion: number; type: string; object: unknown }[]
        | undefined;
    };
  },
  object: ObjectName,
  resourceVersion: string,
): LiveObject | undefined {
  const rv = Number(resourceVersion);
  return cluster.store
    .eventsSince(storageKeyOf(object), rv - 1)
    ?.find(e => e.resourceVersion === rv && e.type !== 'DELETED')?.object as
    | LiveObject
    | undefined;
}

/** kube-sim keys objects by API group (core: '') and resource. */
function storageKeyOf(object: ObjectName): string {
  const r = RESOURCES[object.kind];
  return `${r.prefix.startsWith('/apis/') ? r.prefix.split('/')[2] : ''}/${
    r.plural
  }`;
}
