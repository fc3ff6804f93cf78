import { ClusterProfile } from '../model/types';
import {
  capabilityFilter,
  selectorFilter,
  taintFilter,
} from './builtinPlugins';
import { hasPosition } from './bitset';
import { FilterScreen } from './filterScreen';
import { NO_REASONS, Score, UNSCORED } from './roleOutcome';
import { PlacementContext, PlacementPlugin, Reason } from './types';

/** Every cluster's filter failures and score, and the eligible ones. */
export interface FilterResult {
  /** Per cluster position; NO_REASONS when eligible. */
  reasons: Reason[][];
  scores: Score[];
  /** Positions of the clusters that passed every filter, ascending. */
  eligible: number[];
}

/**
 * The built-in filters whose verdict on a cluster reads the service's
 * placement and the cluster only, never the role: planning asks them once
 * per cluster for all of a service's roles.
 */
const ROLE_INDEPENDENT_FILTERS: ReadonlySet<PlacementPlugin> = new Set([
  selectorFilter,
  capabilityFilter,
  taintFilter,
]);

/**
 * What the role-independent filters (see `ROLE_INDEPENDENT_FILTERS`) said
 * of each cluster position, kept across the roles of one service's planning.
 */
export type AcrossRoles = Map<PlacementPlugin, Reason[][]>;

/**
 * Runs the filters over every cluster, then scores the eligible ones (only
 * they compete). A cluster's reasons are the failures of every filter, in
 * plugin order. With a screen, a filter is not asked about the clusters
 * the screen knows it lets through; with `acrossRoles`, a role-independent
 * filter is asked about a cluster once for all of the service's roles.
 */
export function filterClusters(
  clusters: ClusterProfile[],
  context: PlacementContext,
  plugins: PlacementPlugin[],
  screen?: FilterScreen,
  acrossRoles?: AcrossRoles,
): FilterResult {
  const filters = plugins.filter(p => p.filter);
  const letsThrough = filters.map(p => screen?.(p));
  const said = filters.map(p => {
    if (!acrossRoles || !ROLE_INDEPENDENT_FILTERS.has(p)) return undefined;
    let byPosition = acrossRoles.get(p);
    if (!byPosition) {
      byPosition = new Array(clusters.length);
      acrossRoles.set(p, byPosition);
    }
    return byPosition;
  });
  const scorers = plugins.filter(p => p.score);
  const reasons: Reason[][] = new Array(clusters.length);
  const scores: Score[] = new Array(clusters.length);
  const eligible: number[] = [];
  // A cluster's failing filters' reasons, gathered before they are joined.
  const failed: Reason[][] = [];
  clusters.forEach((cluster, position) => {
    let failing = 0;
    for (let i = 0; i < filters.length; i++) {
      const known = letsThrough[i];
      if (known && hasPosition(known, position)) continue;
      const earlier = said[i];
      const found = earlier
        ? (earlier[position] ??= filters[i].filter!(cluster, context))
        : filters[i].filter!(cluster, context);
      if (found.length > 0) failed[failing++] = found;
    }
    if (failing > 0) {
      reasons[position] = failing === 1 ? failed[0] : joined(failed, failing);
      scores[position] = UNSCORED;
      return;
    }
    const breakdown: Record<string, number> = {};
    let total = 0;
    for (const plugin of scorers) {
      const value = plugin.score!(cluster, context);
      breakdown[plugin.name] = value;
      total += value * (plugin.weight ?? 1);
    }
    reasons[position] = NO_REASONS;
    scores[position] = { total, breakdown };
    eligible.push(position);
  });
  return { reasons, scores, eligible };
}

/**
 * The first `count` lists, one after the other, in a new array: filters
 * may return shared arrays, never to be changed.
 */
function joined(lists: Reason[][], count: number): Reason[] {
  let length = 0;
  for (let i = 0; i < count; i++) length += lists[i].length;
  const all: Reason[] = new Array(length);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const list = lists[i];
    for (let j = 0; j < list.length; j++) all[at++] = list[j];
  }
  return all;
}
