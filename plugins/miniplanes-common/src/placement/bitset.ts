/**
 * Sets of cluster positions, 32 to a word: a filter's verdict over a whole
 * fleet is one of these, and combining filters is a few word operations
 * instead of a call per cluster. Bits past the fleet's size are always 0.
 */
export type Bitset = Uint32Array;

/** No cluster of a fleet of `size`. */
export function emptySet(size: number): Bitset {
  return new Uint32Array((size + 31) >>> 5);
}

/** Every cluster of a fleet of `size`. */
export function fullSet(size: number): Bitset {
  const set = emptySet(size).fill(0xffffffff);
  const spare = set.length * 32 - size;
  if (spare > 0) set[set.length - 1] = 0xffffffff >>> spare;
  return set;
}

export function addPosition(set: Bitset, position: number): void {
  set[position >>> 5] |= 1 << (position & 31);
}

export function hasPosition(set: Bitset, position: number): boolean {
  return (set[position >>> 5] & (1 << (position & 31))) !== 0;
}

/** `target` keeps only what is also in `other`. */
export function intersectInto(target: Bitset, other: Bitset): void {
  for (let i = 0; i < target.length; i++) target[i] &= other[i];
}

/** `target` gains what is in `other`. */
export function uniteInto(target: Bitset, other: Bitset): void {
  for (let i = 0; i < target.length; i++) target[i] |= other[i];
}

/** `target` loses what is in `other`. */
export function subtractInto(target: Bitset, other: Bitset): void {
  for (let i = 0; i < target.length; i++) target[i] &= ~other[i];
}

/** How many positions the set holds. */
export function countPositions(set: Bitset): number {
  let count = 0;
  for (let i = 0; i < set.length; i++) {
    let word = set[i] - ((set[i] >>> 1) & 0x55555555);
    word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
    count +=
      (Math.imul((word + (word >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
  }
  return count;
}

/** The positions in the set, ascending; only those `keep` keeps when given. */
export function positionsOf(
  set: Bitset,
  keep?: (position: number) => boolean,
): number[] {
  const positions: number[] = [];
  for (let i = 0; i < set.length; i++) {
    let word = set[i];
    while (word !== 0) {
      const low = word & -word;
      const position = (i << 5) + 31 - Math.clz32(low);
      if (!keep || keep(position)) positions.push(position);
      word ^= low;
    }
  }
  return positions;
}
