import { ClusterClient } from '../cluster/ClusterClient';
import { describeObject, KubeObject } from '../cluster/objectIdentity';
import { describeEntry } from './describeEntry';
import { InventoryEntry } from '../store/InventoryStore';
import { holdsData, refOf } from '../store/inventoryEntries';

/** Owner chains are followed this far up (Pod → ReplicaSet → Deployment → custom resource). */
const MAX_OWNER_DEPTH = 4;

/** What a delete in one cluster must not take along. */
export interface DeleteContext {
  client: ClusterClient;
  /** Every service's inventory entries in the cluster, read when first needed. */
  clusterInventory: () => Promise<InventoryEntry[]>;
  /** Objects (objectKey) this pass deletes anyway, so they do not hold the delete back. */
  deleting: ReadonlySet<string>;
}

/**
 * Why deleting an object would take something it must not with it — data
 * or objects miniplanes does not own — or undefined when the delete is
 * safe. Kubernetes deletes a Namespace's objects with it, a
 * CustomResourceDefinition's custom resources, and (by garbage collection)
 * whatever an object owns; a sync never lets a delete cascade to data.
 */
export async function whyKeep(
  entry: InventoryEntry,
  live: KubeObject,
  context: DeleteContext,
): Promise<string | undefined> {
  if (entry.kind === 'Namespace' && !entry.namespace) {
    return namespaceHolds(entry.name, context);
  }
  if (entry.kind === 'CustomResourceDefinition') {
    return definitionHolds(live, context);
  }
  if (entry.namespace && typeof live.metadata.uid === 'string') {
    return ownsData(entry, live.metadata.uid, context);
  }
  return undefined;
}

/**
 * What every namespace holds without anyone having made it (its defaults),
 * and records derived from other objects: deleting them takes nothing of
 * anyone's.
 */
function madeByTheCluster(object: KubeObject, kind: string): boolean {
  const name = object.metadata.name;
  if (kind === 'Event' || kind === 'Endpoints' || kind === 'EndpointSlice')
    return true;
  if (kind === 'ConfigMap' && name === 'kube-root-ca.crt') return true;
  if (kind === 'ServiceAccount' && name === 'default') return true;
  return (
    kind === 'Secret' && object.type === 'kubernetes.io/service-account-token'
  );
}

/**
 * Whether a controller made the object for an owner in the namespace too,
 * which is judged in its stead. Storage claims hold data whoever made them.
 */
function judgedThroughOwner(
  object: KubeObject,
  kind: string,
  uids: ReadonlySet<unknown>,
): boolean {
  if (kind === 'PersistentVolumeClaim') return false;
  const owners =
    (object.metadata.ownerReferences as { uid?: string }[] | undefined) ?? [];
  return owners.some(owner => uids.has(owner.uid));
}

/** Objects in the namespace that deleting it would delete and that are not this pass's to delete. */
async function namespaceHolds(
  namespace: string,
  context: DeleteContext,
): Promise<string | undefined> {
  const recorded = (await context.clusterInventory()).filter(
    e => e.namespace === namespace && !context.deleting.has(e.objectKey),
  );
  if (recorded.length > 0) {
    const data = recorded.filter(holdsData);
    return `deleting Namespace ${namespace} would delete ${
      data.length > 0
        ? `data it holds (${data.map(describeEntry).join(', ')})`
        : `objects miniplanes keeps there (${recorded
            .map(describeEntry)
            .join(', ')})`
    }`;
  }
  // Objects nobody recorded: someone else's, or storage claims, of any
  // kind the cluster serves (custom resources too), as the namespace
  // controller would delete them.
  let found: { object: KubeObject; kind: string }[];
  try {
    found = await namespaceContents(namespace, context.client);
  } catch (error) {
    // A kind miniplanes may not list, a group whose discovery fails: what
    // the namespace holds is unknown, so it stays (the rest of the pass
    // goes on).
    return `cannot tell what deleting Namespace ${namespace} would delete: ${
      (error as Error).message
    }`;
  }
  const uids = new Set(found.map(({ object }) => object.metadata.uid));
  const foreign = found
    .filter(
      ({ object, kind }) =>
        !madeByTheCluster(object, kind) &&
        !judgedThroughOwner(object, kind, uids),
    )
    .map(({ object, kind }) => describeObject({ ...object, kind }));
  return foreign.length > 0
    ? `deleting Namespace ${namespace} would delete objects miniplanes did not apply (${foreign
        .slice(0, 5)
        .join(', ')}${foreign.length > 5 ? ', …' : ''})`
    : undefined;
}

/** Every object in the namespace, of every kind the cluster serves there. */
async function namespaceContents(namespace: string, client: ClusterClient) {
  const found: { object: KubeObject; kind: string }[] = [];
  for (const kind of await client.namespacedKinds()) {
    const objects = await client.list(
      kind.apiVersion,
      kind.kind,
      '',
      namespace,
    );
    found.push(...objects.map(object => ({ object, kind: kind.kind })));
  }
  return found;
}

/** Custom resources that deleting their definition would delete. */
async function definitionHolds(
  crd: KubeObject,
  context: DeleteContext,
): Promise<string | undefined> {
  const spec = crd.spec as
    | {
        group?: string;
        names?: { kind?: string };
        versions?: { name: string; served?: boolean }[];
      }
    | undefined;
  const version = spec?.versions?.find(v => v.served !== false)?.name;
  if (!spec?.group || !spec.names?.kind || !version) return undefined;
  const resources = await context.client.list(
    `${spec.group}/${version}`,
    spec.names.kind,
    '',
  );
  const kept = resources.filter(
    r =>
      !context.deleting.has(
        `${spec.group}/${spec.names!.kind}/${r.metadata.namespace ?? ''}/${
          r.metadata.name
        }`,
      ),
  );
  return kept.length > 0
    ? `deleting CustomResourceDefinition ${
        crd.metadata.name
      } would delete its ${
        kept.length
      } custom resource(s) in the cluster (${kept
        .slice(0, 5)
        .map(r => describeObject({ ...r, kind: spec.names!.kind! }))
        .join(', ')})`
    : undefined;
}

/**
 * Data the object owns, directly or through owned objects: storage claims in
 * its namespace, and data objects miniplanes applied there. Garbage
 * collection would delete them with it.
 */
async function ownsData(
  entry: InventoryEntry,
  uid: string,
  context: DeleteContext,
): Promise<string | undefined> {
  const namespace = entry.namespace!;
  const candidates: KubeObject[] = await context.client.list(
    'v1',
    'PersistentVolumeClaim',
    '',
    namespace,
  );
  const data = (await context.clusterInventory()).filter(
    e =>
      e.namespace === namespace &&
      holdsData(e) &&
      e.objectKey !== entry.objectKey,
  );
  for (const e of data) {
    const live = await context.client.get(refOf(e));
    if (live) candidates.push(live);
  }
  for (const candidate of candidates) {
    if (await ownedBy(candidate, uid, namespace, context.client, 0)) {
      return `deleting ${describeEntry(entry)} would delete ${describeObject(
        candidate,
      )}, which it owns and which holds data`;
    }
  }
  return undefined;
}

async function ownedBy(
  object: KubeObject,
  uid: string,
  namespace: string,
  client: ClusterClient,
  depth: number,
): Promise<boolean> {
  const owners =
    (object.metadata.ownerReferences as
      | { apiVersion: string; kind: string; name: string; uid: string }[]
      | undefined) ?? [];
  if (owners.some(o => o.uid === uid)) return true;
  if (depth >= MAX_OWNER_DEPTH) return false;
  for (const owner of owners) {
    const parent = await client.get({
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      metadata: { name: owner.name, namespace },
    });
    if (parent && (await ownedBy(parent, uid, namespace, client, depth + 1)))
      return true;
  }
  return false;
}
