import { matchesSelector } from '../model/selectors';
import { ClusterProfile, FederatedService, ResourceRole } from '../model/types';
import { divideReplicas } from './divideReplicas';
import { freeCpuWeight } from './freeCapacity';
import { PreviousPlacement, Reason } from './types';
import { hasWorkloads, manifestReplicas } from './workloads';

export type ReplicasPolicy = NonNullable<
  FederatedService['spec']['placement']['replicas']
>;

/**
 * How many replicas each chosen cluster runs, by position. Compute follows
 * the service's replicas policy; data keeps the replicas its manifests ask
 * for in every data cluster (replication inside a cluster, never divided
 * away). A chosen cluster left with no replica gets its Spread reason in
 * `reasons` (it had none).
 */
export function assignReplicas(
  chosen: number[],
  clusters: ClusterProfile[],
  { service, role }: { service: FederatedService; role: ResourceRole },
  reasons: Reason[][],
  previous: PreviousPlacement | undefined,
): Map<number, number> {
  const policy = role === 'data' ? undefined : service.spec.placement.replicas;
  const selected = new Map<number, number>();
  if (!policy || policy.mode === 'Duplicated') {
    const count =
      policy?.total ??
      (hasWorkloads(service, role) ? manifestReplicas(service, role) : 0);
    for (const position of chosen) selected.set(position, count);
    return selected;
  }

  const names = chosen.map(p => clusters[p].name);
  const kept = previousDivision(names, role, policy.total, previous);
  const division =
    kept ??
    divideReplicas(
      policy.total,
      chosen.map(p => ({
        name: clusters[p].name,
        weight: weightOf(clusters[p], policy),
      })),
    );
  // One reason object for all: decisions are immutable values.
  let leftOut: Reason[] | undefined;
  chosen.forEach((position, i) => {
    const count = division.get(names[i]) ?? 0;
    if (count > 0) selected.set(position, count);
    else {
      leftOut ??= [
        {
          code: 'Spread',
          message: kept
            ? `eligible, but the ${policy.total} replicas stay where they run (stability)`
            : `eligible, but the ${policy.total} replicas were divided among clusters with more weight`,
        },
      ];
      reasons[position] = leftOut;
    }
  });
  return selected;
}

/**
 * The previous division, when it still fits: same total and every cluster
 * that had replicas still chosen. Keeping it is the stability rule: a fleet
 * change that breaks no constraint moves no replica.
 */
function previousDivision(
  chosen: string[],
  role: ResourceRole,
  total: number,
  previous: PreviousPlacement | undefined,
): Map<string, number> | undefined {
  if (!previous) return undefined;
  const before = previous.clusters.filter(c => c.replicas[role] > 0);
  if (before.length === 0) return undefined;
  const sum = before.reduce((s, c) => s + c.replicas[role], 0);
  const chosenNames = new Set(chosen);
  if (sum !== total || !before.every(c => chosenNames.has(c.name)))
    return undefined;
  return new Map(before.map(c => [c.name, c.replicas[role]]));
}

/** A cluster's weight when replicas are divided: its static weight, or its free cpu. */
export function weightOf(
  cluster: ClusterProfile,
  policy: ReplicasPolicy,
): number {
  if (policy.weighting === 'Static') {
    return (
      policy.weights?.find(w => matchesSelector(w.clusters, cluster.labels))
        ?.weight ?? 0
    );
  }
  return freeCpuWeight(cluster);
}
