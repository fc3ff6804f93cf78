import { SimulatedFleet } from '@miniplanes/kube-sim';
import { Agent, request } from 'undici';
import { KubeObject } from '../../cluster/objectIdentity';
import { SyncReplica } from '../syncHarness';

/** Where to find an object in a cluster, as the tests name it. */
export type LiveRef = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
};

/** What reaches the simulated clusters as another client (kubectl, an operator) would. */
type ForeignClient = Pick<SyncReplica, 'foreignApi'>;

const metadataOf = (ref: LiveRef) => ({
  name: ref.name,
  namespace: ref.namespace,
});

/** The object as the cluster holds it, or undefined if it holds none. */
export async function readLive(
  h: ForeignClient,
  cluster: string,
  ref: LiveRef,
): Promise<any> {
  const api = await h.foreignApi(cluster);
  try {
    return await api.read({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: metadataOf(ref),
    });
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/** Whether the cluster holds the object and is not deleting it. */
export async function existsLive(
  h: ForeignClient,
  cluster: string,
  ref: LiveRef,
): Promise<boolean> {
  const live = await readLive(h, cluster, ref);
  return !!live && !live.metadata.deletionTimestamp;
}

/** Merge-patches the object as someone else does by hand (e.g. kubectl edit). */
export async function mergePatchLive(
  h: ForeignClient,
  cluster: string,
  fieldManager: string,
  patch: { apiVersion: string; kind: string; metadata: object; spec?: object },
) {
  const { PatchStrategy } = await import('@kubernetes/client-node');
  await (
    await h.foreignApi(cluster)
  ).patch(
    patch,
    undefined,
    undefined,
    fieldManager,
    undefined,
    PatchStrategy.MergePatch,
  );
}

/** Deletes the object as someone else does by hand (e.g. kubectl delete). */
export async function deleteLive(
  h: ForeignClient,
  cluster: string,
  ref: LiveRef,
) {
  await (
    await h.foreignApi(cluster)
  ).delete({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: metadataOf(ref),
  });
}

/**
 * The object at `path` exactly as the cluster serves it: read past every
 * client library, whose typed models drop fields they do not know.
 */
export async function servedObject(
  sim: SimulatedFleet,
  cluster: string,
  path: string,
): Promise<KubeObject> {
  const simulated = sim.cluster(cluster);
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  try {
    const answer = await request(`${simulated.url}${path}`, {
      headers: { authorization: `Bearer ${simulated.adminToken}` },
      dispatcher,
    });
    return (await answer.body.json()) as KubeObject;
  } finally {
    // No connection outlives the read.
    await dispatcher.close();
  }
}
