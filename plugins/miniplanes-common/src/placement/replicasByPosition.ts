import { FederatedService, ResourceRole } from '../model/types';
import { ReplicasPolicy } from './assignReplicas';
import { divideByWeight } from './divideReplicas';
import { PreviousAtPositions } from './previousAtPositions';
import { hasWorkloads, manifestReplicas } from './workloads';

/** The clusters a role runs on, ascending, and its replicas on each. */
export interface RoleSelection {
  positions: number[];
  counts: number[];
}

/**
 * `assignReplicas` by position, without the reasons: Duplicated gives every
 * chosen cluster the total (data: the replicas its manifests ask for);
 * Divided keeps the previous division when it still fits (stability),
 * else divides by the weights `weightAt` gives (those of `weightOf`).
 * Clusters left with no replica are not selected.
 */
export function replicasByPosition(
  chosen: number[],
  { service, role }: { service: FederatedService; role: ResourceRole },
  weightAt: (policy: ReplicasPolicy) => (position: number) => number,
  previous: PreviousAtPositions,
  positions: ReadonlyMap<string, number>,
): RoleSelection {
  const policy = role === 'data' ? undefined : service.spec.placement.replicas;
  if (!policy || policy.mode === 'Duplicated') {
    const count =
      policy?.total ??
      (hasWorkloads(service, role) ? manifestReplicas(service, role) : 0);
    return { positions: chosen, counts: new Array(chosen.length).fill(count) };
  }
  const shares =
    keptDivision(chosen, policy.total, previous.replicas[role], positions) ??
    divideByWeight(policy.total, chosen.map(weightAt(policy)));
  const selection: RoleSelection = { positions: [], counts: [] };
  chosen.forEach((position, i) => {
    if (shares[i] > 0) {
      selection.positions.push(position);
      selection.counts.push(shares[i]);
    }
  });
  return selection;
}

/** The previous division over `chosen`, when it still fits: same total, every cluster that had replicas still chosen. */
function keptDivision(
  chosen: number[],
  total: number,
  before: { name: string; count: number }[] | undefined,
  positions: ReadonlyMap<string, number>,
): number[] | undefined {
  if (!before?.length) return undefined;
  let sum = 0;
  for (const { count } of before) sum += count;
  if (sum !== total) return undefined;
  const shares = new Map<number, number>();
  for (const { name, count } of before) {
    const position = positions.get(name);
    if (position === undefined) return undefined;
    shares.set(position, count);
  }
  const chosenSet = new Set(chosen);
  for (const position of shares.keys())
    if (!chosenSet.has(position)) return undefined;
  return chosen.map(position => shares.get(position) ?? 0);
}
