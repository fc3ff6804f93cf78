import { parseQuantity } from './quantity';
import { ClusterProfile, Fleet, FleetFile } from './types';

/**
 * The fleet a fleet file describes: each cluster's capacity is its nodes'
 * total, and a cluster is healthy unless the file says otherwise.
 *
 * @public
 */
export function fleetFromFile(file: FleetFile): Fleet {
  return {
    jurisdictions: file.jurisdictions ?? {},
    governance: file.governance ?? [],
    ...(file.observability ? { observability: { ...file.observability } } : {}),
    ...(file.storageLocations
      ? { storageLocations: file.storageLocations.map(l => ({ ...l })) }
      : {}),
    clusters: file.clusters.map(
      (cluster): ClusterProfile => ({
        name: cluster.name,
        labels: { ...cluster.labels },
        capabilities: [...(cluster.capabilities ?? [])],
        taints: [...(cluster.taints ?? [])],
        capacity: cluster.nodes
          ? {
              cpu: cluster.nodes.count * parseQuantity(cluster.nodes.cpu),
              memory: cluster.nodes.count * parseQuantity(cluster.nodes.memory),
              gpu: cluster.nodes.count * (cluster.nodes.gpu ?? 0),
            }
          : { cpu: 0, memory: 0, gpu: 0 },
        health: cluster.health ?? { healthy: true },
        ...(cluster.operators ? { operators: [...cluster.operators] } : {}),
        ...(cluster.connections
          ? { connections: structuredClone(cluster.connections) }
          : {}),
      }),
    ),
  };
}
