import { FederatedService, ResourceRole } from '../model/types';
import { ReplicasPolicy } from './assignReplicas';
import { divideByWeight } from './divideReplicas';
import { addPosition, BitsetPool, hasPosition } from './bitset';
import { PreviousAtPositions, PreviousReplicas } from './previousAtPositions';
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
  pool: BitsetPool,
): RoleSelection {
  const policy = role === 'data' ? undefined : service.spec.placement.replicas;
  if (!policy || policy.mode === 'Duplicated') {
    const count =
      policy?.total ??
      (hasWorkloads(service, role) ? manifestReplicas(service, role) : 0);
    return { positions: chosen, counts: new Array(chosen.length).fill(count) };
  }
  const shares =
    keptDivision(chosen, policy.total, previous.replicas(role), pool) ??
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
  before: PreviousReplicas,
  pool: BitsetPool,
): number[] | undefined {
  if (before.positions.length === 0) return undefined;
  let sum = 0;
  for (const count of before.counts) sum += count;
  if (sum !== total) return undefined;
  const chosenSet = pool.empty();
  for (const position of chosen) addPosition(chosenSet, position);
  const shares = new Map<number, number>();
  for (let i = 0; i < before.positions.length; i++) {
    const position = before.positions[i];
    if (position < 0 || !hasPosition(chosenSet, position)) return undefined;
    shares.set(position, before.counts[i]);
  }
  return chosen.map(position => shares.get(position) ?? 0);
}
