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

/**
 * Someone edits an object miniplanes manages by hand: scales a workload (a
 * StatefulSet with a claim retention policy that deletes the claims of
 * replicas scaled away), edits a ConfigMap, or strips the managed-by label.
 * The sync repairs it (never by writing data where the data is not placed,
 * nor by a scale-down that deletes claims).
 */
export async function driftObject(
  world: ScenarioWorld,
  cluster: string,
  object: { kind: string; path: string },
): Promise<boolean> {
  const patches: Record<string, object> = {
    Deployment: { spec: { replicas: 3 } },
    StatefulSet: {
      spec: {
        replicas: 3,
        persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' },
      },
    },
    ConfigMap: { data: { owner: 'someone-else' } },
  };
  const patch = patches[object.kind] ?? {
    metadata: { labels: { 'app.kubernetes.io/managed-by': 'kubectl' } },
  };
  const { status } = await world.request(cluster, 'PATCH', object.path, patch);
  return status === 200;
}
