import { parseQuantity, Resources } from '@miniplanes/plugin-miniplanes-common';
import { ClusterConnection } from '../cluster/ClusterClient';
import { toClusterCallError, withTimeout } from '../cluster/clusterErrors';
import {
  kubeConfigFor,
  loadClientNode,
} from '../cluster/KubernetesClusterClient';

/** What a live cluster says about itself. */
export interface ProbeResult {
  capacity: Resources;
  /** Region and zone from the nodes' topology labels. */
  labels: Record<string, string>;
}

/**
 * Asks a cluster for its nodes: that it answers proves it healthy, and the
 * nodes give its allocatable capacity and topology. Throws a
 * ClusterCallError (no credentials in its message) when it cannot.
 */
export async function probeCluster(
  connection: ClusterConnection,
  timeoutMs: number,
): Promise<ProbeResult> {
  const { CoreV1Api } = await loadClientNode();
  const api = (await kubeConfigFor(connection)).makeApiClient(CoreV1Api);
  try {
    const nodes = await withTimeout(
      api.listNode(),
      timeoutMs,
      connection.name,
      'list nodes',
    );
    const capacity = { cpu: 0, memory: 0, gpu: 0 };
    const labels: Record<string, string> = {};
    for (const node of nodes.items) {
      const allocatable = node.status?.allocatable ?? {};
      capacity.cpu += allocatable.cpu ? parseQuantity(allocatable.cpu) : 0;
      capacity.memory += allocatable.memory
        ? parseQuantity(allocatable.memory)
        : 0;
      capacity.gpu += allocatable['nvidia.com/gpu']
        ? parseQuantity(allocatable['nvidia.com/gpu'])
        : 0;
      const nodeLabels = node.metadata?.labels ?? {};
      labels.region ??= nodeLabels['topology.kubernetes.io/region'];
      labels.zone ??= nodeLabels['topology.kubernetes.io/zone'];
    }
    return {
      capacity,
      labels: Object.fromEntries(
        Object.entries(labels).filter(([, v]) => v !== undefined),
      ),
    };
  } catch (error) {
    throw toClusterCallError(connection.name, 'probe', error);
  }
}
