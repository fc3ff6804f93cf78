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
 * asked about every cluster it rejects, so keys are strings that outlive
 * the call (label values, `listKeys`): a lookup builds and hashes nothing.
 *
 * Planning asks a filter about every cluster for one context, then moves
 * on to the next: only the last context's reasons are kept. (A WeakMap by
 * context kept them past the context's life until a full collection, and
 * every decision's filter results ended up in the old generation.)
 */
export class FilterMemo {
  private context?: PlacementContext;
  private cache = new Map<string, Reason[]>();

  reasons(
    context: PlacementContext,
    key: string,
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

/** One label value's branch: the next key's values, or at the last key the reasons. */
interface LabelNode {
  values?: Map<string, LabelNode>;
  /** For clusters without the label. */
  missing?: LabelNode;
  reasons?: Reason[];
}

/**
 * A `FilterMemo` keyed by the values of a few labels (those a selector
 * reads), one map per label rather than a key string built per cluster.
 */
export class LabelMemo {
  private context?: PlacementContext;
  private root: LabelNode = {};

  reasons(
    context: PlacementContext,
    keys: readonly string[],
    cluster: ClusterProfile,
    compute: Compute,
  ): Reason[] {
    if (context !== this.context) {
      this.context = context;
      this.root = {};
    }
    let node = this.root;
    for (const key of keys) {
      const value = cluster.labels[key];
      let next: LabelNode | undefined;
      if (value === undefined) next = node.missing ??= {};
      else {
        node.values ??= new Map();
        next = node.values.get(value);
        if (!next) {
          next = {};
          node.values.set(value, next);
        }
      }
      node = next;
    }
    if (!node.reasons) {
      const reasons = compute(cluster, context);
      node.reasons = reasons.length === 0 ? NONE : reasons;
    }
    return node.reasons;
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
