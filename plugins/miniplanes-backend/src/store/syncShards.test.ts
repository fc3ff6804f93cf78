import { shardBucketOf } from '@miniplanes/plugin-miniplanes-common';
import {
  allShards,
  ownsService,
  shardBucketSelector,
  shardIndexOf,
  shardLabel,
} from './syncShards';

/** The bucket values a selector `key in (a,b,…)` accepts. */
const bucketsIn = (selector: string) =>
  selector.slice(selector.indexOf('(') + 1, selector.indexOf(')')).split(',');

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

  it('gives each service the shard earlier versions gave it, so replicas of two versions agree during an upgrade', () => {
    // Computed by the FNV-1a hash the shards have used since they exist.
    expect(
      [
        'component:default/ui',
        'component:default/storage',
        'component:default/svc-0',
        'component:team-3/service-42',
      ].map(ref => [2, 3, 8].map(count => shardIndexOf(ref, count))),
    ).toEqual([
      [0, 0, 6],
      [1, 1, 5],
      [1, 1, 3],
      [0, 2, 0],
    ]);
  });

  it("finds a shard's objects by their bucket label: each service's objects match its own shard's selector and no other's", () => {
    for (const count of [2, 4, 8, 64]) {
      const selectors = allShards(count).map(shard => ({
        shard,
        buckets: bucketsIn(shardBucketSelector(shard)!),
      }));
      for (const ref of refs) {
        // The value of the label rendered on the service's objects.
        const bucket = String(shardBucketOf(ref));
        const matching = selectors.filter(s => s.buckets.includes(bucket));
        expect(matching.map(s => s.shard.index)).toEqual([
          shardIndexOf(ref, count),
        ]);
      }
    }
    expect(shardBucketSelector(allShards(2)[1])).toMatch(
      /^miniplanes\.io\/shard-bucket in \(1,3,5,/,
    );
  });

  it('leaves the whole fleet, and a split its buckets cannot decide, watching every managed object', () => {
    expect(shardBucketSelector({ index: 0, count: 1 })).toBeUndefined();
    for (const shard of allShards(3))
      expect(shardBucketSelector(shard)).toBeUndefined();
  });

  it('names shards as operators count them', () => {
    expect(allShards(3).map(shardLabel)).toEqual([
      '1-of-3',
      '2-of-3',
      '3-of-3',
    ]);
  });
});
