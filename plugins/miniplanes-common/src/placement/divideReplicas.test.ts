import fc from 'fast-check';
import { divideByWeight, divideReplicas } from './divideReplicas';

/** The rule as the README states it, ranking every cluster. */
function byTheRule(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((s, w) => s + w, 0);
  const effective = weights.map(w => (sum === 0 ? 1 : w));
  const effectiveSum = sum === 0 ? weights.length : sum;
  const quotas = effective.map(w => (total * w) / effectiveSum);
  const shares = quotas.map(Math.floor);
  const ranked = weights
    .map((_, i) => i)
    .sort(
      (a, b) =>
        quotas[b] - shares[b] - (quotas[a] - shares[a]) ||
        effective[b] - effective[a] ||
        a - b,
    );
  const left = total - shares.reduce((s, n) => s + n, 0);
  for (let i = 0; i < left; i++) shares[ranked[i % ranked.length]] += 1;
  return shares;
}

describe('divideReplicas', () => {
  it.each([
    {
      rule: 'rounds by largest remainder, ties by weight then name, and always sums to the total',
      total: 7,
      clusters: [
        { name: 'b', weight: 1 },
        { name: 'a', weight: 1 },
        { name: 'c', weight: 1 },
      ],
      division: { a: 3, b: 2, c: 2 },
    },
    {
      rule: 'follows the weights',
      total: 10,
      clusters: [
        { name: 'big', weight: 3 },
        { name: 'small', weight: 1 },
      ],
      division: { big: 8, small: 2 },
    },
    {
      rule: 'treats all-zero weights as equal',
      total: 2,
      clusters: [
        { name: 'x', weight: 0 },
        { name: 'y', weight: 0 },
      ],
      division: { x: 1, y: 1 },
    },
  ])('$rule', ({ total, clusters, division }) => {
    expect(Object.fromEntries(divideReplicas(total, clusters))).toEqual(
      division,
    );
  });

  it('gives the shares of the rule, ranking only the clusters that get one', () => {
    expect(() =>
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 200 }),
          fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }),
          (total, weights) => {
            expect(divideByWeight(total, weights)).toEqual(
              byTheRule(total, weights),
            );
          },
        ),
        { numRuns: 500, seed: 3 },
      ),
    ).not.toThrow();
  });
});
