import { MINIPLANES_ANNOTATIONS } from '@miniplanes/plugin-miniplanes-common';
import { Step } from './scenario';
import { ScenarioWorld } from './ScenarioWorld';

type FleetStep = Extract<
  Step,
  { type: 'locate' | 'relabel' | 'taint' | 'capacity' }
>;

/**
 * Changes the fleet as the world outside miniplanes does: the locator finds
 * or loses a cluster, a catalog entity relabels it, the configuration taints
 * it, its nodes' capacity changes. The backends see it at their next fleet
 * refresh.
 */
export async function changeFleet(
  world: ScenarioWorld,
  step: FleetStep,
  cluster: string,
): Promise<void> {
  switch (step.type) {
    case 'locate':
      if (step.found) world.located.add(cluster);
      else world.located.delete(cluster);
      break;
    case 'relabel': {
      const labels = world.labels.get(cluster)!;
      world.labels.set(cluster, {
        jurisdiction: step.jurisdiction ?? labels.jurisdiction,
        region: step.region ?? labels.region,
        group: step.group ?? labels.group,
      });
      break;
    }
    case 'taint':
      world.spot.set(cluster, step.spot);
      world.updateConfig();
      break;
    case 'capacity': {
      const nodes = await world.request(cluster, 'GET', '/api/v1/nodes');
      for (const node of nodes.body?.items ?? []) {
        await world.request(
          cluster,
          'PATCH',
          `/api/v1/nodes/${node.metadata.name}/status`,
          { status: { allocatable: { cpu: String(step.cpu) } } },
        );
      }
      break;
    }
    default:
      throw new Error(`not a fleet change: ${(step as Step).type}`);
  }
}

/** Replicas a hand edit scales a workload to. */
const DRIFT_REPLICAS = 3;
/** How long a hand edit waits for the StatefulSet controller to make the added replicas' claims. */
const CLAIMS_WAIT_MS = 3_000;

/**
 * Someone edits an object miniplanes manages by hand: scales a workload (a
 * StatefulSet with a claim retention policy that deletes the claims of
 * replicas scaled away), edits a ConfigMap, or strips the managed-by label.
 * The sync repairs it (never by writing data where the data is not placed,
 * nor by a scale-down that deletes claims). A StatefulSet that makes claims
 * is left to its controller until the added replicas' claims exist, so
 * that a repair scaling it down would have claims to delete.
 */
export async function driftObject(
  world: ScenarioWorld,
  cluster: string,
  object: { kind: string; path: string },
): Promise<boolean> {
  const patches: Record<string, object> = {
    Deployment: { spec: { replicas: DRIFT_REPLICAS } },
    StatefulSet: {
      spec: {
        replicas: DRIFT_REPLICAS,
        persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' },
      },
    },
    ConfigMap: { data: { owner: 'someone-else' } },
  };
  const patch = patches[object.kind] ?? {
    metadata: { labels: { 'app.kubernetes.io/managed-by': 'kubectl' } },
  };
  const { status, body } = await world.request(
    cluster,
    'PATCH',
    object.path,
    patch,
  );
  if (status !== 200) return false;
  if (object.kind === 'StatefulSet') await claimsMade(world, cluster, body);
  return true;
}

/**
 * Someone deletes an object miniplanes manages and makes their own of that
 * name from what they read: the same spec (but what the cluster allocated),
 * none of miniplanes' labels or annotations, another uid. It is not
 * miniplanes' to write or delete. Answers the service the object was
 * applied for (null when it does not say) once replaced, else undefined.
 */
export async function replaceObject(
  world: ScenarioWorld,
  cluster: string,
  object: { kind: string; path: string },
): Promise<string | null | undefined> {
  const read = await world.request(cluster, 'GET', object.path);
  if (read.status !== 200) return undefined;
  const { apiVersion, kind, metadata, spec, data } = read.body;
  if ((await world.request(cluster, 'DELETE', object.path)).status !== 200)
    return undefined;
  const { clusterIP, clusterIPs, volumeName, ...ownSpec } = spec ?? {};
  const collection = object.path.slice(0, object.path.lastIndexOf('/'));
  const created = await world.request(cluster, 'POST', collection, {
    apiVersion,
    kind,
    metadata: { name: metadata.name, namespace: metadata.namespace },
    ...(spec ? { spec: ownSpec } : {}),
    ...(data ? { data } : {}),
  });
  if (created.status !== 201) return undefined;
  return metadata.annotations?.[MINIPLANES_ANNOTATIONS.service] ?? null;
}

/** The StatefulSets miniplanes manages in a cluster whose replicas each get claims. */
export async function claimingStatefulSets(
  world: ScenarioWorld,
  objects: { kind: string; path: string }[],
  cluster: string,
): Promise<{ kind: string; path: string }[]> {
  const found: { kind: string; path: string }[] = [];
  for (const object of objects.filter(o => o.kind === 'StatefulSet')) {
    const { status, body } = await world.request(cluster, 'GET', object.path);
    if (status === 200 && claimTemplateNames(body).length > 0)
      found.push(object);
  }
  return found;
}

function claimTemplateNames(statefulSet: any): string[] {
  return (statefulSet?.spec?.volumeClaimTemplates ?? []).map(
    (t: any) => t?.metadata?.name,
  );
}

/** Waits (a while at most) until the last replica's claims exist, as its controller makes them. */
async function claimsMade(world: ScenarioWorld, cluster: string, sts: any) {
  const { name, namespace } = sts.metadata;
  const paths = claimTemplateNames(sts).map(
    template =>
      `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${template}-${name}-${
        DRIFT_REPLICAS - 1
      }`,
  );
  const deadline = Date.now() + CLAIMS_WAIT_MS;
  for (const path of paths) {
    while ((await world.request(cluster, 'GET', path)).status !== 200) {
      if (Date.now() > deadline) return;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }
}
