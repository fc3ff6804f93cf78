import { FederatedService } from '../model/types';
import { LabelColumn } from './fleetBitsets';

type Spread = NonNullable<FederatedService['spec']['placement']['spread']>;

/**
 * `chooseUnderSpread` by position, without the reasons: groups the eligible
 * clusters by the spread label, ranks the groups by their best score (then
 * by value), keeps the best `max`, or none when fewer than `min` qualify.
 * Returns the chosen positions, ascending.
 */
export function spreadPositions(
  eligible: number[],
  score: (position: number) => number,
  { valueOf, values }: LabelColumn,
  spread: Spread,
): number[] {
  const best: number[] = new Array(values.length).fill(-Infinity);
  const groups: number[] = [];
  for (const position of eligible) {
    const group = valueOf[position];
    if (group < 0) continue;
    if (best[group] === -Infinity) groups.push(group);
    best[group] = Math.max(best[group], score(position));
  }
  if (groups.length < (spread.min ?? 1)) return [];
  const max = spread.max ?? groups.length;
  if (max < groups.length) {
    groups.sort(
      (a, b) => best[b] - best[a] || (values[a] < values[b] ? -1 : 1),
    );
    for (const group of groups.slice(max)) best[group] = -Infinity;
  }
  return eligible.filter(position => {
    const group = valueOf[position];
    return group >= 0 && best[group] !== -Infinity;
  });
}
