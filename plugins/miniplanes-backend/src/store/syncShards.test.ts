import { allShards, ownsService, shardIndexOf, shardLabel } from './syncShards';

describe('sync shards', () => {
  const refs = Array.from(
    { length: 2_000 },
    (_, i) => `component:team-${i % 7}/service-${i}`,
  );

  it('puts every service in exactly one shard, the same on every call', () => {
    for (const count of [1, 2, 3, 8]) {
      for (const ref of refs) {
        const owners = allShards(count).filter(s => ownsService(s, ref));
        expect(owners).toHaveLength(1);
        expect(owners[0].index).toBe(shardIndexOf(ref, count));
      }
    }
  });

  it('spreads services evenly enough that replicas share the work', () => {
    for (const count of [2, 4]) {
      const sizes = allShards(count).map(
        s => refs.filter(ref => ownsService(s, ref)).length,
      );
      const even = refs.length / count;
      for (const size of sizes) {
        expect(size).toBeGreaterThan(even * 0.85);
        expect(size).toBeLessThan(even * 1.15);
      }
    }
  });

  it('names shards as operators count them', () => {
    expect(allShards(3).map(shardLabel)).toEqual([
      '1-of-3',
      '2-of-3',
      '3-of-3',
    ]);
  });
});
