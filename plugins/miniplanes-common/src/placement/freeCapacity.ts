import { ClusterProfile, Resources } from '../model/types';

/**
 * What is left of a cluster once what already runs there (`allocated`) is
 * subtracted: the capacity filter, the capacity scorer and the Capacity
 * weighting all read this, never the total.
 */
export function freeCapacity(cluster: ClusterProfile): Resources {
  const used = cluster.allocated ?? { cpu: 0, memory: 0, gpu: 0 };
  return {
    cpu: cluster.capacity.cpu - used.cpu,
    memory: cluster.capacity.memory - used.memory,
    gpu: cluster.capacity.gpu - used.gpu,
  };
}

/** The share of a cluster's cpu that is free, 0–100: the capacity scorer's value. */
export function freeCpuScore(cluster: ClusterProfile): number {
  if (cluster.capacity.cpu <= 0) return 0;
  return Math.round(
    (Math.max(0, freeCapacity(cluster).cpu) / cluster.capacity.cpu) * 100,
  );
}

/** A cluster's weight when replicas are divided by capacity: its free cpu. */
export function freeCpuWeight(cluster: ClusterProfile): number {
  return Math.max(0, freeCapacity(cluster).cpu);
}
