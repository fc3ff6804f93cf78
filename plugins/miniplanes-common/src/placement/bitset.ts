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

/** The positions in the set, ascending. */
export function positionsOf(set: Bitset): number[] {
  const positions: number[] = [];
  for (let i = 0; i < set.length; i++) {
    let word = set[i];
    while (word !== 0) {
      const low = word & -word;
      positions.push((i << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return positions;
}

/**
 * Bitsets lent for one evaluation and taken back before the next: a fleet's
 * bitset is too big to live on the JavaScript heap, and allocating one
 * costs more than the set operations it serves, so an evaluator reuses
 * them. Sets from the pool must not outlive the evaluation they serve.
 */
export class BitsetPool {
  readonly #size: number;
  readonly #free: Bitset[] = [];
  readonly #lent: Bitset[] = [];

  constructor(size: number) {
    this.#size = size;
  }

  /** An empty set. */
  empty(): Bitset {
    const set = this.#free.pop() ?? emptySet(this.#size);
    set.fill(0);
    this.#lent.push(set);
    return set;
  }

  /** A set holding what `other` holds, to change without changing `other`. */
  copy(other: Bitset): Bitset {
    const set = this.#free.pop() ?? emptySet(this.#size);
    set.set(other);
    this.#lent.push(set);
    return set;
  }

  /** Takes back every set lent so far. */
  takeBack(): void {
    for (const set of this.#lent) this.#free.push(set);
    this.#lent.length = 0;
  }
}
