import { ClusterProfile } from '../model/types';
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
 * Runs the filters over every cluster, then scores the eligible ones (only
 * they compete). A cluster's reasons are the failures of every filter, in
 * plugin order. With a screen, a filter is not asked about the clusters
 * the screen knows it lets through.
 */
export function filterClusters(
  clusters: ClusterProfile[],
  context: PlacementContext,
  plugins: PlacementPlugin[],
  screen?: FilterScreen,
): FilterResult {
  const filters = plugins.filter(p => p.filter);
  const letsThrough = filters.map(p => screen?.(p));
  const scorers = plugins.filter(p => p.score);
  const reasons: Reason[][] = new Array(clusters.length);
  const scores: Score[] = new Array(clusters.length);
  const eligible: number[] = [];
  clusters.forEach((cluster, position) => {
    let failures: Reason[] | undefined;
    for (let i = 0; i < filters.length; i++) {
      if (letsThrough[i]?.(position)) continue;
      const found = filters[i].filter!(cluster, context);
      // Filters may return shared arrays: concatenate, never push.
      if (found.length > 0) failures = failures?.concat(found) ?? found;
    }
    if (failures) {
      reasons[position] = failures;
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
