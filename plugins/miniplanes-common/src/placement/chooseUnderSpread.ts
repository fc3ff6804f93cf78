import { ClusterProfile, FederatedService } from '../model/types';
import { Score } from './roleOutcome';
import { Reason } from './types';

type Spread = NonNullable<FederatedService['spec']['placement']['spread']>;

/**
 * Applies `spread: {by, min, max}`: groups the eligible clusters by a label,
 * ranks the groups by their best score (then by value) and keeps the best
 * `max`; fewer than `min` groups chooses nothing. Every eligible cluster left
 * out gets its Spread reason in `reasons` (its filter reasons are empty).
 * Returns the chosen positions, ascending.
 */
export function chooseUnderSpread(
  eligible: number[],
  clusters: ClusterProfile[],
  spread: Spread | undefined,
  scores: Score[],
  reasons: Reason[][],
): number[] {
  if (!spread) return eligible;
  const groups = new Map<string, number[]>();
  for (const position of eligible) {
    const value = clusters[position].labels[spread.by];
    if (value === undefined) {
      reasons[position] = [
        {
          code: 'Spread',
          message: `eligible, but has no ${spread.by} label to spread by`,
        },
      ];
      continue;
    }
    const group = groups.get(value);
    if (group) group.push(position);
    else groups.set(value, [position]);
  }
  const best = new Map<string, number>();
  for (const [value, group] of groups) {
    best.set(value, Math.max(...group.map(p => scores[p].total)));
  }
  const ordered = [...groups.entries()].sort(
    ([a], [b]) => best.get(b)! - best.get(a)! || (a < b ? -1 : 1),
  );
  const min = spread.min ?? 1;
  if (ordered.length < min) {
    const found = ordered.map(([value]) => value).join(', ') || 'none';
    // One reason object for all: decisions are immutable values.
    const tooFew: Reason[] = [
      {
        code: 'Spread',
        message: `eligible, but spread by ${spread.by} needs at least ${min} groups and only ${ordered.length} qualify (${found})`,
      },
    ];
    for (const [, group] of ordered) {
      for (const position of group) reasons[position] = tooFew;
    }
    return [];
  }
  const max = spread.max ?? ordered.length;
  for (const [value, group] of ordered.slice(max)) {
    const rankedLower: Reason[] = [
      {
        code: 'Spread',
        message: `eligible, but spread by ${spread.by} allows at most ${max} groups and ${spread.by} ${value} ranked lower`,
      },
    ];
    for (const position of group) reasons[position] = rankedLower;
  }
  return ordered
    .slice(0, max)
    .flatMap(([, group]) => group)
    .sort((a, b) => a - b);
}
