import type * as k8s from '@kubernetes/client-node';

/**
 * client-node's generic object API, but objects cross it as JSON, not
 * through client-node's typed models.
 *
 * Those models serialize a manifest field by field, so a field they do not
 * know (one newer than the library, on a newer cluster) never reached the
 * cluster, so the object could never match its manifest; and they turn
 * every answer into class instances and Dates, a large share of a rollout's
 * CPU. Requests, auth, discovery and errors stay client-node's.
 */
export function manifestObjectApi(
  library: Pick<typeof k8s, 'KubernetesObjectApi' | 'HttpMethod'>,
  kubeConfig: k8s.KubeConfig,
): ManifestObjectApi {
  const { HttpMethod } = library;

  class JsonObjectApi extends library.KubernetesObjectApi {
    static forConfig(config: k8s.KubeConfig) {
      const api = config.makeApiClient(JsonObjectApi);
      api.setDefaultNamespace(config);
      return api;
    }

    /** The kind's discovery entry (client-node caches it per apiVersion). */
    lookup(apiVersion: string, kind: string) {
      return this.resource(apiVersion, kind);
    }

    /** POSTs the manifest as written; answers the object as served. */
    async createManifest(manifest: k8s.KubernetesObject, fieldManager: string) {
      const context = await this.requestFor(
        manifest,
        'create',
        HttpMethod.POST,
      );
      context.setQueryParam('fieldManager', fieldManager);
      context.setHeaderParam('Content-Type', 'application/json');
      context.setBody(JSON.stringify(manifest));
      return this.requestPromise<k8s.KubernetesObject>(context);
    }

    /** PATCHes with the manifest as written; answers the object as served. */
    async patchManifest(manifest: k8s.KubernetesObject, options: PatchOptions) {
      const context = await this.requestFor(
        manifest,
        'patch',
        HttpMethod.PATCH,
      );
      context.setQueryParam('fieldManager', options.fieldManager);
      if (options.force !== undefined)
        context.setQueryParam('force', String(options.force));
      context.setHeaderParam('Content-Type', options.strategy);
      context.setBody(JSON.stringify(manifest));
      return this.requestPromise<k8s.KubernetesObject>(context);
    }

    private async requestFor(
      manifest: k8s.KubernetesObject,
      action: 'create' | 'patch',
      method: k8s.HttpMethod,
    ) {
      const path = await this.specUriPath(manifest, action);
      const context = this.configuration.baseServer.makeRequestContext(
        path,
        method,
      );
      context.setHeaderParam('Accept', 'application/json, */*;q=0.8');
      return context;
    }

    /**
     * Objects and lists (asked for without a model) are answered as served;
     * what asks for a model by name (discovery, a delete's status) gets it.
     */
    protected async processResponse<T extends k8s.KubernetesObject>(
      response: k8s.ResponseContext,
      type?: string,
    ): Promise<T> {
      const { httpStatusCode } = response;
      if (type || httpStatusCode < 200 || httpStatusCode > 299)
        return super.processResponse<T>(response, type);
      return JSON.parse(await response.body.text()) as T;
    }
  }

  return JsonObjectApi.forConfig(kubeConfig);
}

/** How a manifest is patched: as whom, by which strategy, whether forcing conflicts. */
type PatchOptions = {
  fieldManager: string;
  strategy: k8s.PatchStrategy;
  force?: boolean;
};

export type ManifestObjectApi = k8s.KubernetesObjectApi & {
  lookup(
    apiVersion: string,
    kind: string,
  ): Promise<k8s.V1APIResource | undefined>;
  createManifest(
    manifest: k8s.KubernetesObject,
    fieldManager: string,
  ): Promise<k8s.KubernetesObject>;
  patchManifest(
    manifest: k8s.KubernetesObject,
    options: PatchOptions,
  ): Promise<k8s.KubernetesObject>;
};

/** A list as served: typed as client-node's model, it is JSON (`continue`, not `_continue`). */
export function servedList(
  list: k8s.KubernetesListObject<k8s.KubernetesObject>,
) {
  return list as unknown as {
    items: k8s.KubernetesObject[];
    metadata?: { resourceVersion?: string; continue?: string };
  };
}
