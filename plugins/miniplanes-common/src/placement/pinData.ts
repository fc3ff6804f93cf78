import { ClusterProfile } from '../model/types';
import { Reason } from './types';

/** Reasons that forbid data in a cluster: a pinned cluster failing them loses its data placement. */
const JURISDICTION_CODES = new Set<Reason['code']>(['Residency', 'Governance']);

/**
 * The data clusters when data is pinned to where the approved version put
 * it: every pinned cluster still in the fleet and still within the data's
 * jurisdictions, whatever else changed there (health, capacity, taints,
 * labels). Data never moves on its own, and never stays placed outside its
 * jurisdictions (what is there is kept, but nothing is written). Every other
 * cluster says why it gets no data. `reasons` is updated in place.
 */
export function pinData(
  pinned: string[],
  clusters: ClusterProfile[],
  reasons: Reason[][],
): number[] {
  const wanted = new Set(pinned);
  const chosen: number[] = [];
  clusters.forEach((cluster, position) => {
    const own = reasons[position] ?? [];
    if (!wanted.has(cluster.name)) {
      if (own.length === 0) {
        reasons[position] = [
          {
            code: 'Spread',
            message:
              'eligible, but data stays where the approved version placed it: moving data takes an approved request',
          },
        ];
      }
      return;
    }
    if (own.some(r => JURISDICTION_CODES.has(r.code))) return;
    reasons[position] = [];
    chosen.push(position);
  });
  return chosen;
}

/**
 * The clusters a decision places data in: what to pin when the fleet
 * changes under an approved version. Takes a `PlacementDecision`, or a
 * compact decision's placements as `{ clusters: placements }`.
 *
 * @public
 */
export function dataClustersOf(decision: {
  clusters: readonly { name: string; roles: readonly string[] }[];
}): string[] {
  return decision.clusters
    .filter(c => c.roles.includes('data'))
    .map(c => c.name);
}
