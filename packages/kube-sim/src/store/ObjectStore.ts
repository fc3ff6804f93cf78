import { KubeObject } from '../kube/types';

/** A stored change, kept for watch replay. */
export type StoredEvent = {
  resourceVersion: number;
  storageKey: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  /** The object before a MODIFIED: lets a filtered watch send DELETED when it stops matching. */
  previous?: KubeObject;
};

export type StoreListener = (event: StoredEvent) => void;

/** History is trimmed once this many events are over the limit. */
const HISTORY_TRIM_CHUNK = 1000;

/**
 * One cluster's etcd: objects by storage key (`group/resource`) and
 * `namespace/name`, one resourceVersion counter, and a bounded event history.
 * Stored objects are never mutated: every write stores a new object.
 */
export class ObjectStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoredEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private counter: number;
  /** Watches from resourceVersions at or below this get 410 Expired. */
  private compactedThrough: number;

  constructor(
    initialResourceVersion = 1000,
    /** Watch history kept for resumes: the API server keeps at least 10k events. */
    private readonly maxEvents = 10_000,
  ) {
    this.counter = initialResourceVersion;
    this.compactedThrough = initialResourceVersion;
  }

  get resourceVersion(): number {
    return this.counter;
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestResumable(): number {
    return this.compactedThrough;
  }

  get(storageKey: string, namespace: string | undefined, name: string) {
    return this.objects.get(storageKey)?.get(objectKey(namespace, name));
  }

  list(storageKey: string, namespace?: string): KubeObject[] {
    const all = this.objects.get(storageKey);
    if (!all) return [];
    const items = [...all.values()];
    return namespace === undefined
      ? items
      : items.filter(o => o.metadata.namespace === namespace);
  }

  count(): number {
    let n = 0;
    for (const m of this.objects.values()) n += m.size;
    return n;
  }

  storageKeys(): string[] {
    return [...this.objects.keys()];
  }

  /** Allocates the next resourceVersion (dry runs never call this). */
  nextResourceVersion(): string {
    this.counter++;
    return String(this.counter);
  }

  /** Stores an object whose metadata.resourceVersion came from nextResourceVersion. */
  put(storageKey: string, object: KubeObject, previous?: KubeObject) {
    this.place(storageKey, object);
    this.record({
      resourceVersion: Number(object.metadata.resourceVersion),
      storageKey,
      type: previous ? 'MODIFIED' : 'ADDED',
      object,
      previous,
    });
  }

  /** Holds `object` under its key, without recording an event. */
  private place(storageKey: string, object: KubeObject) {
    let byKey = this.objects.get(storageKey);
    if (!byKey) {
      byKey = new Map();
      this.objects.set(storageKey, byKey);
    }
    byKey.set(
      objectKey(object.metadata.namespace, object.metadata.name!),
      object,
    );
  }

  remove(storageKey: string, object: KubeObject) {
    this.objects
      .get(storageKey)
      ?.delete(objectKey(object.metadata.namespace, object.metadata.name!));
    this.record({
      resourceVersion: Number(object.metadata.resourceVersion),
      storageKey,
      type: 'DELETED',
      object,
    });
  }

  /**
   * Replaces the contents with saved objects (a restart). History starts
   * empty, so watches from older resourceVersions get 410; listeners see each
   * object ADDED, as controllers rebuild their view from an informer's list.
   */
  load(
    objects: { storageKey: string; object: KubeObject }[],
    resourceVersion: number,
  ) {
    this.objects.clear();
    this.history.length = 0;
    this.counter = resourceVersion;
    this.compactedThrough = resourceVersion;
    for (const { storageKey, object } of objects)
      this.place(storageKey, object);
    for (const { storageKey, object } of objects) {
      const event: StoredEvent = {
        resourceVersion: Number(object.metadata.resourceVersion),
        storageKey,
        type: 'ADDED',
        object,
      };
      for (const listener of this.listeners) listener(event);
    }
  }

  /** Called synchronously after every stored change. */
  subscribe(listener: StoreListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `resourceVersion` for a storage key, or undefined if compacted away. */
  eventsSince(
    storageKey: string,
    resourceVersion: number,
  ): StoredEvent[] | undefined {
    if (resourceVersion < this.compactedThrough) return undefined;
    return this.history.filter(
      e => e.storageKey === storageKey && e.resourceVersion > resourceVersion,
    );
  }

  /** Forgets all history: the next resume from an older version gets 410 (etcd compaction). */
  compact() {
    this.history.length = 0;
    this.compactedThrough = this.counter;
  }

  private record(event: StoredEvent) {
    this.history.push(event);
    // Keep at least maxEvents; trim in chunks, as shifting the array on every write is what costs.
    if (this.history.length >= this.maxEvents + HISTORY_TRIM_CHUNK) {
      const drop = this.history.length - this.maxEvents;
      this.compactedThrough = this.history[drop - 1].resourceVersion;
      this.history.splice(0, drop);
    }
    for (const listener of this.listeners) listener(event);
  }
}

function objectKey(namespace: string | undefined, name: string) {
  return namespace ? `${namespace}/${name}` : name;
}
