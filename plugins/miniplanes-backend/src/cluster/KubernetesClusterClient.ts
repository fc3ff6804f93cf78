import type * as k8s from '@kubernetes/client-node';
import { ClusterClient, ClusterConnection, ObjectRef } from './ClusterClient';
import { toClusterCallError, withTimeout } from './clusterErrors';
import { FIELD_MANAGER } from './labels';
import { KubeObject } from './objectIdentity';

type ClientNode = typeof k8s;
let clientNode: Promise<ClientNode> | undefined;

/** client-node is ESM-only; the backend is CommonJS, so it is loaded lazily. */
export function loadClientNode(): Promise<ClientNode> {
  clientNode ??= import('@kubernetes/client-node');
  return clientNode;
}

/** A kubeconfig holding exactly one cluster, user and context. */
export async function kubeConfigFor(
  connection: ClusterConnection,
): Promise<k8s.KubeConfig> {
  const { KubeConfig } = await loadClientNode();
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

/**
 * A ClusterClient over @kubernetes/client-node's generic object API. Every
 * call is bounded by a timeout, so a hanging cluster cannot stall a sync, and
 * every failure is turned into a ClusterCallError without credentials in it.
 */
export class KubernetesClusterClient implements ClusterClient {
  private constructor(
    readonly cluster: string,
    private readonly api: k8s.KubernetesObjectApi,
    private readonly scopes: (
      apiVersion: string,
      kind: string,
    ) => Promise<k8s.V1APIResource | undefined>,
    private readonly timeoutMs: number,
  ) {}

  static async create(
    connection: ClusterConnection,
    options: { timeoutMs: number },
  ): Promise<KubernetesClusterClient> {
    const { KubernetesObjectApi } = await loadClientNode();
    const kc = await kubeConfigFor(connection);
    // The object API resolves kinds through discovery and caches the answer;
    // a subclass exposes that lookup to tell namespaced kinds from cluster ones.
    class DiscoveringObjectApi extends KubernetesObjectApi {
      static forConfig(config: k8s.KubeConfig) {
        const api = config.makeApiClient(DiscoveringObjectApi);
        api.setDefaultNamespace(config);
        return api;
      }
      lookup(apiVersion: string, kind: string) {
        return this.resource(apiVersion, kind);
      }
    }
    const discovering = DiscoveringObjectApi.forConfig(kc);
    return new KubernetesClusterClient(
      connection.name,
      discovering,
      (apiVersion, kind) => discovering.lookup(apiVersion, kind),
      options.timeoutMs,
    );
  }

  private call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return withTimeout(run(), this.timeoutMs, this.cluster, operation).catch(
      error => {
        throw toClusterCallError(this.cluster, operation, error);
      },
    );
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
      if ((error as { statusCode?: number }).statusCode === 404)
        return undefined;
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
    const items: KubeObject[] = [];
    let continueToken: string | undefined;
    do {
      const token = continueToken;
      const page = await this.call(`list ${kind}`, () =>
        this.api.list<k8s.KubernetesObject>(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelector,
          500,
          token,
        ),
      );
      for (const item of page.items) {
        // Lists omit apiVersion/kind on their items.
        items.push({ ...item, apiVersion, kind } as KubeObject);
      }
      continueToken = page.metadata?._continue || undefined;
    } while (continueToken);
    return items;
  }

  async get(ref: ObjectRef) {
    try {
      return (await this.call(`read ${ref.kind} ${ref.metadata.name}`, () =>
        this.api.read(ref),
      )) as KubeObject;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404)
        return undefined;
      throw error;
    }
  }

  async create(manifest: KubeObject) {
    try {
      await this.call(`create ${manifest.kind} ${manifest.metadata.name}`, () =>
        this.api.create(manifest, undefined, undefined, FIELD_MANAGER),
      );
      return 'created' as const;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 409)
        return 'exists' as const;
      throw error;
    }
  }

  async apply(manifest: KubeObject) {
    const { PatchStrategy } = await loadClientNode();
    return (await this.call(
      `apply ${manifest.kind} ${manifest.metadata.name}`,
      () =>
        this.api.patch(
          manifest,
          undefined,
          undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
    )) as KubeObject;
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
      return 'deleted' as const;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) return 'gone' as const;
      // The uid precondition failed: the object there now is not the one applied.
      if (status === 409 && options.uid) return 'replaced' as const;
      throw error;
    }
  }
}
