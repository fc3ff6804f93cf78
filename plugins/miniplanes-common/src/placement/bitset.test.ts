import fc from 'fast-check';
import {
  addPosition,
  countPositions,
  emptySet,
  fullSet,
  hasPosition,
  intersectInto,
  positionsOf,
  subtractInto,
  uniteInto,
} from './bitset';

const setOf = (size: number, positions: number[]) => {
  const set = emptySet(size);
  positions.forEach(p => addPosition(set, p));
  return set;
};

describe('bitsets of cluster positions', () => {
  it('hold what a set of numbers holds, past word boundaries too', () => {
    expect(() =>
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 130 }).chain(size =>
            fc.tuple(
              fc.constant(size),
              fc.uniqueArray(fc.nat({ max: Math.max(0, size - 1) }), {
                maxLength: size,
              }),
              fc.uniqueArray(fc.nat({ max: Math.max(0, size - 1) }), {
                maxLength: size,
              }),
            ),
          ),
          ([size, a, b]) => {
            const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
            const all = Array.from({ length: size }, (_, i) => i);
            expect(positionsOf(fullSet(size))).toEqual(all);
            expect(countPositions(fullSet(size))).toBe(size);
            const left = setOf(size, a);
            expect(positionsOf(left)).toEqual(sorted(a));
            expect(countPositions(left)).toBe(a.length);
            expect(all.filter(p => hasPosition(left, p))).toEqual(sorted(a));

            const both = left.slice();
            intersectInto(both, setOf(size, b));
            expect(positionsOf(both)).toEqual(
              sorted(a.filter(p => b.includes(p))),
            );
            const either = left.slice();
            uniteInto(either, setOf(size, b));
            expect(positionsOf(either)).toEqual(
              sorted([...new Set([...a, ...b])]),
            );
            const only = fullSet(size);
            subtractInto(only, left);
            expect(positionsOf(only)).toEqual(all.filter(p => !a.includes(p)));
          },
        ),
        { numRuns: 300, seed: 5 },
      ),
    ).not.toThrow();
  });
});
