import { deepFreeze } from '../lib/deepFreeze';
import { KubeObject, objectKey } from './objectIdentity';

/**
 * How many of its own writes a watched list follows at least before it
 * stops its watch for a list (see WatchedList): a list has a request's fixed
 * cost, so a small list is not made again after a handful of writes.
 */
export const ECHOED_WRITES_MIN = 50;

/** A watch event, as the API server streams it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

/** How a WatchedList reaches the cluster: one kind, one label selector, all namespaces. */
export interface ListWatchSource {
  list(): Promise<{ items: KubeObject[]; resourceVersion?: string }>;
  /**
   * Watches from a resourceVersion; `onEnd` is called once when the stream
   * ends for any reason. Resolves once the stream is open, to a stop function.
   */
  watch(
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    onEnd: (error?: unknown) => void,
  ): Promise<() => void>;
}

/**
 * The objects of one kind and label selector in a cluster, listed once and
 * then kept current by a watch, so a steady sync pass reads memory instead
 * of listing every object again.
 *
 * The copy is trusted only while the watch that followed its list is open
 * and for at most `maxAgeMs` since that list: a watch that ends, errs (e.g.
 * 410 Gone after compaction) or is invalidated by the caller makes the next
 * read list afresh, and the age bound caps how long a silently stalled watch
 * can hide changes. Objects the caller wrote itself are recorded at once,
 * so a pass does not act again on what the one before already did. The
 * objects are frozen (every pass shares them until the cluster changes
 * them) and kept without their managedFields.
 *
 * The watch echoes each of the caller's own writes, and a workload's status
 * changes after it: a pass writing more objects than the list held (a
 * rollout to a new cluster) would have the cluster send, and this process
 * parse, more than a fresh list of them all. Once the caller's writes since
 * the list outnumber what it held (and at least ECHOED_WRITES_MIN), the
 * watch is stopped and the next read lists once.
 */
export class WatchedList {
  private objects = new Map<string, KubeObject>();
  /** What the last read returned, until the objects change. */
  private snapshot?: ReadonlyMap<string, KubeObject>;
  private listedAt = 0;
  private live = false;
  private stopWatch?: () => void;
  /** Bumped on every relist and invalidation, so a late event of an old watch is ignored. */
  private generation = 0;
  /** Stopped (shutdown): a late read still lists, but opens no watch that nobody would stop. */
  private stopped = false;
  /** The list under way, shared by the reads that come meanwhile; dropped by an invalidation. */
  private relisting?: Promise<void>;
  /** The caller's writes since the watch opened, and how many objects its list held. */
  private ownWrites = 0;
  private listed = 0;

  constructor(
    private readonly source: ListWatchSource,
    private readonly options: {
      maxAgeMs: number;
      now?: () => number;
      /** ECHOED_WRITES_MIN unless given (the invariants suite sets it low). */
      echoedWritesMin?: number;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** Whether the next read answers from memory. */
  get fresh(): boolean {
    return this.live && this.now() - this.listedAt < this.options.maxAgeMs;
  }

  async read(): Promise<KubeObject[]> {
    return [...(await this.index()).values()];
  }

  /**
   * The objects by objectKey. The map returned never changes: a change
   * makes the next read copy the objects anew, so a settled cluster's
   * passes share one map instead of copying it every pass.
   */
  async index(): Promise<ReadonlyMap<string, KubeObject>> {
    // Two passes reading at once (a periodic one and an approval's) share
    // one list: a second would invalidate the first, and neither would watch.
    if (!this.fresh) await (this.relisting ??= this.sharedRelist());
    this.snapshot ??= new Map(this.objects);
    return this.snapshot;
  }

  /** Drops trust in the copy: the next read lists afresh. */
  invalidate() {
    this.live = false;
    this.relisting = undefined;
    this.generation += 1;
    this.stopWatch?.();
    this.stopWatch = undefined;
  }

  /**
   * Whether the caller's writes are recorded: while the watch is open or a
   * list is under way. A copy that is neither is listed afresh by the next
   * read, so keeping (copying and freezing) what a rollout writes after its
   * watch stopped would only be thrown away.
   */
  get following(): boolean {
    return this.live || this.relisting !== undefined;
  }

  /** Records an object the caller has just written (the server's answer). */
  written(object: KubeObject) {
    if (!this.following) return;
    this.upsert(object);
    this.countOwnWrite();
  }

  /** Records an object the caller has just deleted. */
  deleted(object: KubeObject) {
    if (!this.following) return;
    this.remove(objectKey(object));
    this.countOwnWrite();
  }

  private countOwnWrite() {
    if (!this.live) return;
    this.ownWrites += 1;
    const least = this.options.echoedWritesMin ?? ECHOED_WRITES_MIN;
    if (this.ownWrites > Math.max(least, this.listed)) this.invalidate();
  }

  stop() {
    this.stopped = true;
    this.invalidate();
  }

  private sharedRelist(): Promise<void> {
    const relisting = this.relist().finally(() => {
      if (this.relisting === relisting) this.relisting = undefined;
    });
    return relisting;
  }

  private async relist() {
    this.invalidate();
    const generation = this.generation;
    const listedAt = this.now();
    const { items, resourceVersion } = await this.source.list();
    this.replace(items, listedAt, false);
    // Invalidated while listing, the answer may already be old: it serves
    // this read only. Without a version there is nothing to watch from.
    if (generation !== this.generation || !resourceVersion || this.stopped)
      return;
    try {
      const stop = await this.source.watch(
        resourceVersion,
        event => {
          if (generation === this.generation) this.onEvent(event);
        },
        () => {
          if (generation === this.generation) this.invalidate();
        },
      );
      if (generation !== this.generation) {
        stop();
        return;
      }
      this.stopWatch = stop;
      this.live = true;
      this.ownWrites = 0;
      this.listed = items.length;
    } catch {
      // No watch: this read is the fresh list; the next one lists again.
    }
  }

  private replace(items: KubeObject[], listedAt: number, live: boolean) {
    this.objects = new Map(items.map(o => [objectKey(o), kept(o)]));
    this.snapshot = undefined;
    this.listedAt = listedAt;
    this.live = live;
  }

  private onEvent(event: WatchEvent) {
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.upsert(event.object);
        break;
      case 'DELETED':
        if (!isOlder(event.object, this.objects.get(objectKey(event.object))))
          this.remove(objectKey(event.object));
        break;
      case 'BOOKMARK':
        break;
      default:
        // An ERROR event (e.g. 410 Gone): the stream cannot be trusted to resume.
        this.invalidate();
    }
  }

  private upsert(object: KubeObject) {
    const key = objectKey(object);
    const known = this.objects.get(key);
    // The watch echoes every write this client recorded already: the same
    // resourceVersion is the same object, not copied and frozen again.
    if (sameVersion(object, known)) return;
    if (!isOlder(object, known)) {
      this.objects.set(key, kept(object));
      this.snapshot = undefined;
    }
  }

  private remove(key: string) {
    if (this.objects.delete(key)) this.snapshot = undefined;
  }
}

/**
 * The copy a list keeps of an object: frozen, since every pass shares it,
 * and without managedFields, which the sync never reads (drift ignores
 * them) and which are often as large as the rest of the object, so a
 * rollout's watch events cost half the freezing and the memory.
 */
function kept(object: KubeObject): KubeObject {
  const { managedFields, ...metadata } = object.metadata;
  return deepFreeze(
    managedFields === undefined ? object : { ...object, metadata },
  );
}

/** Whether the object is the version already known (resourceVersions are compared as given). */
function sameVersion(object: KubeObject, known: KubeObject | undefined) {
  const version = object.metadata.resourceVersion;
  return !!version && version === known?.metadata.resourceVersion;
}

/**
 * Whether `object` is an older version than `known`. Kubernetes keeps
 * resourceVersions opaque, but the API server's are etcd revisions, decimal
 * and increasing; when either is not a number nothing is judged older.
 */
function isOlder(object: KubeObject, known: KubeObject | undefined): boolean {
  if (!known) return false;
  const a = Number(object.metadata.resourceVersion);
  const b = Number(known.metadata.resourceVersion);
  return Number.isSafeInteger(a) && Number.isSafeInteger(b) && a < b;
}
