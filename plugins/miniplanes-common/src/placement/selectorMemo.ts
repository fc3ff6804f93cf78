import { explainSelectorMismatch } from '../model/selectors';
import { ClusterProfile, LabelSelector } from '../model/types';
import { NONE } from './filterMemo';
import { PlacementContext, Reason } from './types';

/** One requirement of a selector: the label it reads, and a selector of it alone. */
interface Requirement {
  key: string;
  alone: LabelSelector;
}

const requirementsOf = new WeakMap<LabelSelector, Requirement[]>();

/** A selector's requirements in the order a mismatch is looked for: its labels, then its expressions. */
function requirements(selector: LabelSelector): Requirement[] {
  let all = requirementsOf.get(selector);
  if (!all) {
    all = [
      ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
        key,
        alone: { matchLabels: { [key]: value } },
      })),
      ...(selector.matchExpressions ?? []).map(expression => ({
        key: expression.key,
        alone: { matchExpressions: [expression] },
      })),
    ];
    requirementsOf.set(selector, all);
  }
  return all;
}

/**
 * The Selector filter's reasons, as a `FilterMemo` keeps them: a cluster's
 * mismatch is the first requirement it fails, and what a requirement says
 * depends on one label value. Each requirement is asked once per value
 * (and context), rather than once per combination of the values the
 * selector reads, which on a large fleet is nearly once per cluster.
 */
export class SelectorMemo {
  private context?: PlacementContext;
  /** Per requirement, its reasons per label value (undefined: no such label). */
  private said: Map<string | undefined, Reason[]>[] = [];

  reasons(
    context: PlacementContext,
    selector: LabelSelector,
    cluster: ClusterProfile,
  ): Reason[] {
    if (context !== this.context) {
      this.context = context;
      this.said = [];
    }
    const all = requirements(selector);
    for (let i = 0; i < all.length; i++) {
      const { key, alone } = all[i];
      const value = cluster.labels[key] as string | undefined;
      const said = (this.said[i] ??= new Map());
      let reasons = said.get(value);
      if (!reasons) {
        reasons = mismatch(alone, key, value);
        said.set(value, reasons);
      }
      if (reasons.length > 0) return reasons;
    }
    return NONE;
  }
}

function mismatch(
  requirement: LabelSelector,
  key: string,
  value: string | undefined,
): Reason[] {
  // The label alone, missing or not: all the requirement reads.
  const labels = { [key]: value } as Record<string, string>;
  const why = explainSelectorMismatch(requirement, labels);
  return why
    ? [
        {
          code: 'Selector',
          message: `does not match the cluster selector: ${why}`,
        },
      ]
    : NONE;
}
