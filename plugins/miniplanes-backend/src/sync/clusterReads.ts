import { ClusterClient } from '../cluster/ClusterClient';
import { KubeObject, objectKey } from '../cluster/objectIdentity';
import { KindRef, KindTable } from './KindTable';
import { ObservedObjects } from './planClusterSync';
import type { ServiceSyncTarget } from './SyncEngine';

type Scope = 'Namespaced' | 'Cluster' | undefined;

/** How a pass reads one cluster's objects. */
export interface ClusterReadOptions {
  client: ClusterClient;
  /** Runs a read within the cluster's bound. */
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
  /** The selector of the objects the client's watches keep (the managed ones, of the pass's shard). */
  watched: string;
  /**
   * When set, a kind whose watched copy is not fresh is listed with this
   * selector (the pass's own services' objects) instead of waiting for
   * every watched object of it to be listed.
   */
  own?: string;
}

/**
 * What a pass knows of one cluster's objects, kind by kind: each kind the
 * pass's services name there (desired or in the inventory) is read once,
 * before the first service naming it is planned, so a service is planned
 * as soon as its own kinds are read rather than once every service's are.
 */
export class ClusterReads {
  private readonly scopes = new KindTable<Scope>();
  /** A kind being read, or `true` once read. */
  private readonly reads = new KindTable<Promise<void> | true>();
  private readonly indexes: ReadonlyMap<string, KubeObject>[] = [];

  constructor(private readonly options: ClusterReadOptions) {}

  /** The objects read: a key names its kind, so at most one index holds it. */
  readonly observed: ObservedObjects = {
    get: key => {
      for (const index of this.indexes) {
        const object = index.get(key);
        if (object) return object;
      }
      return undefined;
    },
  };

  /** Whether the cluster serves the kind (read once the kind is). */
  scopeOf(ref: KindRef): Scope {
    return this.scopes.get(ref);
  }

  /**
   * Reads what the target names in `cluster` and was not read yet. Nothing
   * to await once every kind it names was (most services of a pass).
   */
  readFor(
    target: ServiceSyncTarget,
    cluster: string,
  ): Promise<void> | undefined {
    let pending: Promise<void>[] | undefined;
    const need = (ref: KindRef) => {
      const read = this.reads.get(ref);
      if (read === true) return;
      (pending ??= []).push(read ?? this.read(ref));
    };
    for (const d of target.desired.get(cluster) ?? []) need(d.manifest);
    for (const e of target.inventory.get(cluster) ?? []) need(e);
    return pending && Promise.all(pending).then(() => undefined);
  }

  private read(ref: KindRef): Promise<void> {
    const read = this.options.limit(async () => {
      const { client, watched, own } = this.options;
      const scope = await client.scopeOf(ref.apiVersion, ref.kind);
      this.scopes.set(ref, scope);
      if (!scope) return;
      // A few services' pass does not wait for every managed object of the
      // kind to be listed (in a restarted backend's first pass, or after a
      // cluster error): it lists its own, all it reads.
      if (own && !client.isWatchedFresh(ref.apiVersion, ref.kind, watched)) {
        const listed = await client.list(ref.apiVersion, ref.kind, own);
        this.indexes.push(
          new Map(listed.map(object => [objectKey(object), object])),
        );
        return;
      }
      // From the copy the client's watch keeps: a steady pass lists nothing.
      this.indexes.push(
        await client.listWatched(ref.apiVersion, ref.kind, watched),
      );
    });
    const done = read.then(() => this.reads.set(ref, true));
    this.reads.set(ref, done);
    return done;
  }
}
