import { getOrAdd } from './getOrAdd';

describe('getOrAdd', () => {
  it('makes a value once per key and keeps it', () => {
    const map = new Map<string, string[]>();
    const make = jest.fn(() => [] as string[]);
    const first = getOrAdd(map, 'a', make);
    expect(getOrAdd(map, 'a', make)).toBe(first);
    expect(make).toHaveBeenCalledTimes(1);
    expect(getOrAdd(map, 'b', make)).not.toBe(first);
    expect([...map.keys()]).toEqual(['a', 'b']);
  });

  it('works on a WeakMap', () => {
    const map = new WeakMap<object, number>();
    const key = {};
    expect(getOrAdd(map, key, () => 0)).toBe(0);
    expect(getOrAdd(map, key, () => 1)).toBe(0);
  });
});
