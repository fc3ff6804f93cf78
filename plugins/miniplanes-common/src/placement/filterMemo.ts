import { ClusterProfile } from '../model/types';
import { PlacementContext, Reason } from './types';

/** Nothing to report: shared, since most filters pass most clusters. */
export const NONE: Reason[] = Object.freeze([]) as unknown as Reason[];

/** Works out a filter's reasons for a cluster (stateless, so that no closure is built per call). */
type Compute = (cluster: ClusterProfile, context: PlacementContext) => Reason[];

/**
 * Filter results depend on a few cluster attributes (its jurisdiction, its
 * capabilities…), not on the cluster itself: computing them once per
 * attribute value and service role keeps large fleets fast. Decisions are
 * immutable values, so clusters may share reason objects. A filter is
 * asked about every cluster it rejects, so keys are numbers or strings
 * that outlive the call (label values, `listKeys`): a lookup builds and
 * hashes nothing.
 *
 * Planning asks a filter about every cluster for one context, then moves
 * on to the next: only the last context's reasons are kept. (A WeakMap by
 * context kept them past the context's life until a full collection, and
 * every decision's filter results ended up in the old generation.)
 */
export class FilterMemo<Key = string> {
  private context?: PlacementContext;
  private cache = new Map<Key, Reason[]>();

  reasons(
    context: PlacementContext,
    key: Key,
    cluster: ClusterProfile,
    compute: Compute,
  ): Reason[] {
    if (context !== this.context) {
      this.context = context;
      this.cache = new Map();
    }
    let reasons = this.cache.get(key);
    if (!reasons) {
      reasons = compute(cluster, context);
      this.cache.set(key, reasons.length === 0 ? NONE : reasons);
    }
    return reasons;
  }
}

/**
 * A cluster's list (capabilities, taints, served kinds) as a memo key:
 * each list `format`ted and joined once, as a fleet's lists stay the same
 * from one evaluation to the next.
 */
export function listKeys<T>(
  format: (item: T) => string,
): (list: readonly T[]) => string {
  const keys = new WeakMap<readonly T[], string>();
  return list => {
    let key = keys.get(list);
    if (key === undefined) {
      key = list.map(format).join(',');
      keys.set(list, key);
    }
    return key;
  };
}
