import {
  DecisionDiff,
  PlacementDecision,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * When a re-evaluation took roles off clusters because they are unhealthy,
 * says what moved where and why; undefined for any other change.
 */
export function describeFailover(
  diff: DecisionDiff,
  after: PlacementDecision,
): string | undefined {
  const moves = diff.changes
    .filter(c => c.kind === 'removed')
    .flatMap(change => {
      const health = after.clusters
        .find(c => c.name === change.cluster)
        ?.reasons.find(r => r.code === 'Health');
      return health ? [{ change, health }] : [];
    });
  if (moves.length === 0) return undefined;
  return moves
    .map(({ change, health }) => {
      const now =
        after.summary.find(s => s.role === change.role)?.clusters ?? [];
      return `${change.role} moved off ${change.cluster} (${
        health.message
      }) to ${now.length ? now.join(', ') : 'no cluster'}`;
    })
    .join('; ');
}
