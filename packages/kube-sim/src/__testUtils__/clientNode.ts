import type * as k8s from '@kubernetes/client-node';
import { SimulatedCluster, SimulatedClusterOptions } from '../SimulatedCluster';

/** client-node and a KubeConfig for a simulated cluster: TLS with its CA, its admin token. */
export async function kubeConfigFor(cluster: SimulatedCluster) {
  const client: typeof k8s = await import('@kubernetes/client-node');
  const kc = new client.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'admin', token: cluster.adminToken }],
    contexts: [{ name: 'sim', cluster: cluster.name, user: 'admin' }],
    currentContext: 'sim',
  });
  return { client, kc };
}

/** client-node's KubernetesObjectApi for a simulated cluster, over TLS with its CA and admin token. */
export async function objectApi(cluster: SimulatedCluster) {
  const { client, kc } = await kubeConfigFor(cluster);
  const api = client.KubernetesObjectApi.makeApiClient(kc);
  return {
    client,
    api,
    /** Reads an object, or undefined when it is not there. */
    read: async (
      apiVersion: string,
      kind: string,
      namespace: string | undefined,
      name: string,
    ): Promise<any> => {
      try {
        return await api.read({
          apiVersion,
          kind,
          metadata: { name, ...(namespace ? { namespace } : {}) },
        });
      } catch (error) {
        if ((error as { code?: number }).code === 404) return undefined;
        throw error;
      }
    },
    list: async (
      apiVersion: string,
      kind: string,
      namespace?: string,
    ): Promise<any[]> => (await api.list(apiVersion, kind, namespace)).items,
  };
}

/** A simulated cluster started with `options`, and client-node's object API on it (`k`). */
export async function startWithObjectApi(options: SimulatedClusterOptions) {
  const cluster = await SimulatedCluster.start(options);
  return { cluster, k: await objectApi(cluster) };
}

/** What objectApi resolves to: a test's handle on one cluster. */
export type ObjectApi = Awaited<ReturnType<typeof objectApi>>;
