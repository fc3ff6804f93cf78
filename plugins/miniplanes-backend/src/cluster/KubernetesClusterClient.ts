import { labelSelectorMatches } from './labelSelector';
import type * as k8s from '@kubernetes/client-node';
import { ClusterClient, ClusterConnection, ObjectRef } from './ClusterClient';
import { toClusterCallError, withTimeout } from './clusterErrors';
import {
  handOverCreatedFields,
  ManagedFieldsEntry,
} from './createdFieldsHandover';
import { FIELD_MANAGER } from './labels';
import {
  ManifestObjectApi,
  manifestObjectApi,
  servedList,
} from './manifestObjectApi';
import { KubeObject } from './objectIdentity';
import { requestHttpLibrary } from './requestHttpLibrary';
import { ListWatchSource, WatchedList, WatchEvent } from './WatchedList';
import { openWatchStream, WatchStreamOptions } from './watchStream';

type ClientNode = typeof k8s;
let clientNode: Promise<ClientNode> | undefined;

/** client-node is ESM-only; the backend is CommonJS, so it is loaded lazily. */
export function loadClientNode(): Promise<ClientNode> {
  clientNode ??= import('@kubernetes/client-node');
  return clientNode;
}

/** What the clusters' audit logs name as the caller of every call. */
const USER_AGENT = 'miniplanes';

/**
 * A kubeconfig holding exactly one cluster, user and context, whose API
 * clients call over undici's request (see requestHttpLibrary).
 */
export async function kubeConfigFor(
  connection: ClusterConnection,
): Promise<k8s.KubeConfig> {
  const library = await loadClientNode();
  const {
    createConfiguration,
    KubeConfig,
    ServerConfiguration,
    setHeaderMiddleware,
    wrapHttpLibrary,
  } = library;
  const transport = wrapHttpLibrary(requestHttpLibrary(library));
  // client-node builds a new connection pool for every request, so each call
  // opened its own socket (a TLS handshake each, and thousands of lingering
  // sockets in a large sync); one pool per kubeconfig reuses connections.
  class PoolingKubeConfig extends KubeConfig {
    private pool: ReturnType<k8s.RequestContext['getDispatcher']>;
    async applySecurityAuthentication(context: k8s.RequestContext) {
      await super.applySecurityAuthentication(context);
      this.pool ??= context.getDispatcher();
      if (this.pool) context.setDispatcher(this.pool);
    }
    // As client-node's, but with the transport above.
    makeApiClient<T extends k8s.ApiType>(Api: k8s.ApiConstructor<T>): T {
      const cluster = this.getCurrentCluster();
      if (!cluster) throw new Error('the kubeconfig has no current cluster');
      return new Api(
        createConfiguration({
          baseServer: new ServerConfiguration(cluster.server, {}),
          authMethods: { default: this },
          middleware: [setHeaderMiddleware('User-Agent', USER_AGENT)],
          httpApi: transport,
        }),
      );
    }
  }
  const kc = new PoolingKubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: connection.name,
        server: connection.url,
        caData: connection.caData,
        skipTLSVerify: connection.skipTLSVerify ?? false,
      },
    ],
    users: [{ name: 'miniplanes', token: connection.token }],
    contexts: [
      { name: connection.name, cluster: connection.name, user: 'miniplanes' },
    ],
    currentContext: connection.name,
  });
  return kc;
}

/** The HTTP status of a failed call (a ClusterCallError's), if it had one. */
const statusCodeOf = (error: unknown) =>
  (error as { statusCode?: number }).statusCode;

/** A watched list's key: `recordWrite` finds a kind's lists by its prefix. */
const watchedKey = (apiVersion: string, kind: string, labelSelector: string) =>
  `${apiVersion}/${kind}?${labelSelector}`;

/**
 * A ClusterClient over @kubernetes/client-node's generic object API. Every
 * call is bounded by a timeout, so a hanging cluster cannot stall a sync, and
 * every failure is turned into a ClusterCallError without credentials in it.
 */
export class KubernetesClusterClient implements ClusterClient {
  /** By apiVersion, kind and selector. */
  private readonly watched = new Map<string, WatchedList>();
  private stopped = false;

  private constructor(
    readonly cluster: string,
    private readonly api: ManifestObjectApi,
    private readonly scopes: (
      apiVersion: string,
      kind: string,
    ) => Promise<k8s.V1APIResource | undefined>,
    /** Opens a watch (see openWatchStream). */
    private readonly watchStream: (
      options: Pick<WatchStreamOptions, 'path' | 'query' | 'onEvent' | 'onEnd'>,
    ) => Promise<() => void>,
    private readonly options: KubernetesClusterClientOptions,
    private readonly discovery: {
      core: k8s.CoreV1Api;
      groups: k8s.ApisApi;
      resources: k8s.CustomObjectsApi;
    },
  ) {}

  static async create(
    connection: ClusterConnection,
    options: KubernetesClusterClientOptions,
  ): Promise<KubernetesClusterClient> {
    const library = await loadClientNode();
    const { ApisApi, CoreV1Api, CustomObjectsApi } = library;
    const kc = await kubeConfigFor(connection);
    // It resolves kinds through discovery and caches the answer, which also
    // tells namespaced kinds from cluster ones.
    const objects = manifestObjectApi(library, kc);
    return new KubernetesClusterClient(
      connection.name,
      objects,
      (apiVersion, kind) => objects.lookup(apiVersion, kind),
      watch =>
        openWatchStream(kc, library, {
          ...watch,
          // A quiet cluster sends nothing between bookmarks (about a
          // minute apart): the silence allowed is the relist bound.
          inactivityMs: options.watchMaxAgeMs,
          userAgent: USER_AGENT,
        }),
      options,
      {
        core: kc.makeApiClient(CoreV1Api),
        groups: kc.makeApiClient(ApisApi),
        // Its resource list reads any group's version, not only custom ones'.
        resources: kc.makeApiClient(CustomObjectsApi),
      },
    );
  }

  private call<T>(
    operation: string,
    run: () => Promise<T>,
    /** What a 404 means, when it is an answer rather than a failure. */
    onNotFound?: () => T,
  ): Promise<T> {
    return withTimeout(
      run(),
      this.options.timeoutMs,
      this.cluster,
      operation,
    ).catch(error => {
      // A rollout asks for thousands of objects that do not exist yet: no
      // error is built (and its stack captured) for each.
      if (onNotFound && (error as { code?: unknown }).code === 404)
        return onNotFound();
      throw toClusterCallError(this.cluster, operation, error);
    });
  }

  async scopeOf(apiVersion: string, kind: string) {
    let resource: k8s.V1APIResource | undefined;
    try {
      resource = await this.call(`discovery of ${apiVersion} ${kind}`, () =>
        this.scopes(apiVersion, kind),
      );
    } catch (error) {
      // An API group the cluster does not serve (yet: a service may bring
      // its own CustomResourceDefinition) is a kind it does not serve.
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
    if (!resource) return undefined;
    return resource.namespaced ? ('Namespaced' as const) : ('Cluster' as const);
  }

  async list(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    namespace?: string,
  ) {
    return (await this.listAll(apiVersion, kind, labelSelector, namespace))
      .items;
  }

  /** Every page of a list, and the version it was listed at. */
  private async listAll(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    namespace?: string,
  ) {
    const items: KubeObject[] = [];
    let resourceVersion: string | undefined;
    let continueToken: string | undefined;
    do {
      const page = await this.listPage(
        apiVersion,
        kind,
        labelSelector,
        namespace,
        continueToken,
      );
      items.push(...page.items);
      // A paged list is one snapshot: every page shares the first's version.
      resourceVersion ??= page.resourceVersion;
      continueToken = page.continueToken;
    } while (continueToken);
    return { items, resourceVersion };
  }

  private async listPage(
    apiVersion: string,
    kind: string,
    labelSelector: string,
    namespace: string | undefined,
    continueToken: string | undefined,
  ) {
    const page = await this.call(`list ${kind}`, async () =>
      servedList(
        await this.api.list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelector,
          500,
          continueToken,
        ),
      ),
    );
    return {
      // Lists omit apiVersion/kind on their items.
      items: page.items.map(
        item => ({ ...item, apiVersion, kind } as KubeObject),
      ),
      resourceVersion: page.metadata?.resourceVersion,
      continueToken: page.metadata?.continue || undefined,
    };
  }

  async listWatched(apiVersion: string, kind: string, labelSelector: string) {
    const key = watchedKey(apiVersion, kind, labelSelector);
    let watched = this.watched.get(key);
    if (!watched) {
      watched = new WatchedList(
        this.listWatchSource(apiVersion, kind, labelSelector),
        {
          maxAgeMs: this.options.watchMaxAgeMs,
          echoedWritesMin: this.options.echoedWritesMin,
        },
      );
      this.watched.set(key, watched);
      // A read after stop() (a pass still running at shutdown) leaves no watch open.
      if (this.stopped) watched.stop();
    }
    return watched.index();
  }

  async namespacedKinds() {
    const { core, groups, resources } = this.discovery;
    const lists = [await this.call('discover', () => core.getAPIResources())];
    const { groups: served } = await this.call('discover', () =>
      groups.getAPIVersions(),
    );
    for (const group of served) {
      const version = group.preferredVersion ?? group.versions[0];
      if (!version) continue;
      lists.push(
        await this.call('discover', () =>
          resources.getAPIResources({
            group: group.name,
            version: version.version,
          }),
        ),
      );
    }
    return lists.flatMap(list =>
      list.resources
        .filter(
          r =>
            r.namespaced &&
            !r.name.includes('/') &&
            r.verbs.includes('list') &&
            r.verbs.includes('delete'),
        )
        .map(r => ({ apiVersion: list.groupVersion, kind: r.kind })),
    );
  }

  isWatchedFresh(apiVersion: string, kind: string, labelSelector: string) {
    return (
      this.watched.get(watchedKey(apiVersion, kind, labelSelector))?.fresh ??
      false
    );
  }

  invalidateWatched() {
    for (const watched of this.watched.values()) watched.invalidate();
  }

  stop() {
    this.stopped = true;
    for (const watched of this.watched.values()) watched.stop();
    this.watched.clear();
  }

  /** Tells the watched lists of the object's kind what this client just wrote. */
  private recordWrite(object: KubeObject, verb: 'written' | 'deleted') {
    for (const [key, watched] of this.watched) {
      if (
        watched.following &&
        key.startsWith(`${object.apiVersion}/${object.kind}?`)
      ) {
        if (verb === 'deleted') watched.deleted(object);
        // Only objects the selector keeps are the list's (ours carry the labels).
        else if (
          labelSelectorMatches(
            object.metadata.labels,
            key.slice(key.indexOf('?') + 1),
          )
        )
          watched.written(object);
        else watched.deleted(object);
      }
    }
  }

  private listWatchSource(
    apiVersion: string,
    kind: string,
    labelSelector: string,
  ): ListWatchSource {
    return {
      list: () => this.listAll(apiVersion, kind, labelSelector),
      watch: async (resourceVersion, onEvent, onEnd) => {
        const resource = await this.scopes(apiVersion, kind);
        if (!resource) throw new Error(`${apiVersion} ${kind} is not served`);
        const base = apiVersion.includes('/')
          ? `/apis/${apiVersion}`
          : `/api/${apiVersion}`;
        return this.watchStream({
          path: `${base}/${resource.name}`,
          query: { labelSelector, resourceVersion, allowWatchBookmarks: true },
          onEvent: ({ type, object }) =>
            onEvent({
              type: type as WatchEvent['type'],
              // Watch events, like lists, may omit apiVersion and kind.
              object: { ...object, apiVersion, kind } as KubeObject,
            }),
          onEnd,
        });
      },
    };
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    return this.call<KubeObject | undefined>(
      `read ${ref.kind} ${ref.metadata.name}`,
      async () => (await this.api.read(ref)) as KubeObject,
      () => undefined,
    );
  }

  async create(manifest: KubeObject): Promise<KubeObject | 'exists'> {
    try {
      const created = (await this.call(
        `create ${manifest.kind} ${manifest.metadata.name}`,
        () => this.api.createManifest(manifest, FIELD_MANAGER),
      )) as KubeObject;
      this.recordWrite(
        { ...created, apiVersion: manifest.apiVersion, kind: manifest.kind },
        'written',
      );
      return created;
    } catch (error) {
      if (statusCodeOf(error) === 409) return 'exists' as const;
      throw error;
    }
  }

  async apply(manifest: KubeObject, options: { uid?: string } = {}) {
    const body = options.uid
      ? { ...manifest, metadata: { ...manifest.metadata, uid: options.uid } }
      : manifest;
    let applied = await this.serverSideApply(body);
    // An object miniplanes created keeps the create's fields in an entry
    // its applies do not own: hand them over, then apply again so the
    // fields the manifest dropped go. Once per object; a write between the
    // two (409) leaves it to the object's next apply.
    const handover = handOverCreatedFields(
      applied.metadata.managedFields as ManagedFieldsEntry[] | undefined,
      FIELD_MANAGER,
    );
    if (handover && (await this.handOver(manifest, applied, handover))) {
      applied = await this.serverSideApply(body);
    }
    this.recordWrite(
      { ...applied, apiVersion: manifest.apiVersion, kind: manifest.kind },
      'written',
    );
    return applied;
  }

  private async serverSideApply(manifest: KubeObject): Promise<KubeObject> {
    const { PatchStrategy } = await loadClientNode();
    return (await this.call(
      `apply ${manifest.kind} ${manifest.metadata.name}`,
      () =>
        this.api.patchManifest(manifest, {
          fieldManager: FIELD_MANAGER,
          strategy: PatchStrategy.ServerSideApply,
          force: true,
        }),
    )) as KubeObject;
  }

  /** Rewrites the object's managedFields, unless it changed since `live`: whether it did. */
  private async handOver(
    manifest: KubeObject,
    live: KubeObject,
    managedFields: ManagedFieldsEntry[],
  ): Promise<boolean> {
    const { PatchStrategy } = await loadClientNode();
    try {
      await this.call(
        `hand over the created fields of ${manifest.kind} ${manifest.metadata.name}`,
        () =>
          this.api.patchManifest(
            {
              apiVersion: manifest.apiVersion,
              kind: manifest.kind,
              metadata: {
                name: manifest.metadata.name,
                ...(manifest.metadata.namespace
                  ? { namespace: manifest.metadata.namespace }
                  : {}),
                // The server refuses the rewrite if anyone wrote since.
                resourceVersion: live.metadata.resourceVersion,
                managedFields,
              },
            } as KubeObject,
            { fieldManager: FIELD_MANAGER, strategy: PatchStrategy.MergePatch },
          ),
      );
      return true;
    } catch (error) {
      if (statusCodeOf(error) === 409) return false;
      throw error;
    }
  }

  async delete(ref: ObjectRef, options: { uid?: string } = {}) {
    try {
      await this.call(`delete ${ref.kind} ${ref.metadata.name}`, () =>
        this.api.delete(
          ref,
          undefined,
          undefined,
          undefined,
          undefined,
          'Background',
          options.uid
            ? {
                propagationPolicy: 'Background',
                preconditions: { uid: options.uid },
              }
            : undefined,
        ),
      );
      // Deleted in the background: it may linger with a deletionTimestamp,
      // but the watch brings that back; until then it is gone for the sync.
      this.recordWrite(ref as KubeObject, 'deleted');
      return 'deleted' as const;
    } catch (error) {
      const status = statusCodeOf(error);
      if (status === 404) return 'gone' as const;
      // The uid precondition failed: the object there now is not the one applied.
      if (status === 409 && options.uid) return 'replaced' as const;
      throw error;
    }
  }
}

/** Options of a client: the bound of every call, and of how long a watched list is trusted. */
export interface KubernetesClusterClientOptions {
  timeoutMs: number;
  /** A watched list is listed afresh at least this often. */
  watchMaxAgeMs: number;
  /** The least own writes a watched list follows before it lists again (ECHOED_WRITES_MIN when absent). */
  echoedWritesMin?: number;
}
