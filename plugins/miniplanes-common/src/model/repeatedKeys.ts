/**
 * Where a key comes again in a list: the index of each repeat, with the index
 * of the first item with that key, in the list's order.
 */
export function repeatedKeys(keys: readonly string[]): Map<number, number> {
  const firsts = new Map<string, number>();
  const repeats = new Map<number, number>();
  keys.forEach((key, index) => {
    const first = firsts.get(key);
    if (first === undefined) firsts.set(key, index);
    else repeats.set(index, first);
  });
  return repeats;
}
