import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { DatabaseSyncLease } from './DatabaseSyncLease';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('DatabaseSyncLease', () => {
  it.each(eachStoreDatabase())(
    'is held by one replica at a time, until released (%p)',
    onFreshDatabase(async ({ database }) => {
      // Two replicas: two stores on one database.
      const a = await DatabaseSyncLease.create({ database });
      const b = await DatabaseSyncLease.create({ database });

      expect(await a.acquire('replica-a', 60_000)).toBe(true);
      expect(await b.acquire('replica-b', 60_000)).toBe(false);
      // The holder extends its own claim.
      expect(await a.acquire('replica-a', 60_000)).toBe(true);
      // Releasing another's lease does nothing.
      await b.release('replica-b');
      expect(await b.acquire('replica-b', 60_000)).toBe(false);

      await a.release('replica-a');
      expect(await b.acquire('replica-b', 60_000)).toBe(true);
      expect(await a.acquire('replica-a', 60_000)).toBe(false);
    }),
  );

  it.each(eachStoreDatabase())(
    'passes to another replica once the holder’s claim lapses (%p)',
    onFreshDatabase(async ({ database }) => {
      const lease = await DatabaseSyncLease.create({ database });

      expect(await lease.acquire('crashed', 200)).toBe(true);
      expect(await lease.acquire('survivor', 60_000)).toBe(false);
      await sleep(400);
      expect(await lease.acquire('survivor', 60_000)).toBe(true);
      // The crashed holder, back, does not take it over.
      expect(await lease.acquire('crashed', 60_000)).toBe(false);
    }),
  );

  it.each(eachStoreDatabase())(
    'goes to exactly one of many replicas asking at once (%p)',
    onFreshDatabase(async ({ database }) => {
      const leases: DatabaseSyncLease[] = [];
      for (let i = 0; i < 8; i += 1)
        leases.push(await DatabaseSyncLease.create({ database }));
      const won = await Promise.all(
        leases.map((lease, i) => lease.acquire(`replica-${i}`, 60_000)),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
    }),
  );
});

describe('DatabaseSyncLease split into shards', () => {
  /** A replica's lease of shard `index` of `count` (the whole fleet's without them). */
  const leaseOf = (database: DatabaseService, index?: number, count?: number) =>
    DatabaseSyncLease.create({
      database,
      shard: count === undefined ? undefined : { index: index!, count },
    });

  it.each(eachStoreDatabase())(
    'lets replicas hold different shards at once, each shard by one replica (%p)',
    onFreshDatabase(async ({ database }) => {
      const a1 = await leaseOf(database, 0, 2);
      const b1 = await leaseOf(database, 0, 2);
      const b2 = await leaseOf(database, 1, 2);

      expect(await a1.acquire('replica-a', 60_000)).toBe(true);
      expect(await b1.acquire('replica-b', 60_000)).toBe(false);
      expect(await b2.acquire('replica-b', 60_000)).toBe(true);
      // Each extends its own claim.
      expect(await a1.acquire('replica-a', 60_000)).toBe(true);
      expect(await b2.acquire('replica-b', 60_000)).toBe(true);

      await a1.release('replica-a');
      expect(await b1.acquire('replica-b', 60_000)).toBe(true);
    }),
  );

  it.each(eachStoreDatabase())(
    'keeps the whole fleet’s lease and another split out while any shard is held (%p)',
    onFreshDatabase(async ({ database }) => {
      const whole = await leaseOf(database);
      const firstOfTwo = await leaseOf(database, 0, 2);
      const secondOfTwo = await leaseOf(database, 1, 2);
      const firstOfThree = await leaseOf(database, 0, 3);

      expect(await firstOfTwo.acquire('replica-a', 60_000)).toBe(true);
      expect(await secondOfTwo.acquire('replica-b', 60_000)).toBe(true);
      expect(await whole.acquire('replica-c', 60_000)).toBe(false);
      expect(await firstOfThree.acquire('replica-c', 60_000)).toBe(false);

      // The split's mark stays while one of its shards is held.
      await firstOfTwo.release('replica-a');
      expect(await whole.acquire('replica-c', 60_000)).toBe(false);
      expect(await firstOfThree.acquire('replica-c', 60_000)).toBe(false);

      await secondOfTwo.release('replica-b');
      expect(await firstOfThree.acquire('replica-c', 60_000)).toBe(true);
      expect(await whole.acquire('replica-d', 60_000)).toBe(false);
      expect(await firstOfTwo.acquire('replica-a', 60_000)).toBe(false);

      await firstOfThree.release('replica-c');
      expect(await whole.acquire('replica-d', 60_000)).toBe(true);
      expect(await secondOfTwo.acquire('replica-b', 60_000)).toBe(false);
    }),
  );

  it.each(eachStoreDatabase())(
    'waits for the whole fleet’s holder, of this version or an older one (%p)',
    onFreshDatabase(async ({ database }) => {
      const whole = await leaseOf(database);
      const shardOne = await leaseOf(database, 0, 2);

      expect(await whole.acquire('replica-old', 300)).toBe(true);
      expect(await shardOne.acquire('replica-new', 60_000)).toBe(false);
      await sleep(500);
      // A lapsed claim of the whole fleet does not hold the shards back.
      expect(await shardOne.acquire('replica-new', 60_000)).toBe(true);
      expect(await whole.acquire('replica-old', 60_000)).toBe(false);
    }),
  );

  it.each(eachStoreDatabase())(
    'lets the split’s mark lapse with the last claim of a replica that died (%p)',
    onFreshDatabase(async ({ database }) => {
      const shardOne = await leaseOf(database, 0, 2);
      const whole = await leaseOf(database);

      expect(await shardOne.acquire('crashed', 300)).toBe(true);
      expect(await whole.acquire('survivor', 60_000)).toBe(false);
      await sleep(500);
      expect(await whole.acquire('survivor', 60_000)).toBe(true);
    }),
  );

  it.each(eachStoreDatabase())(
    'gives each shard to at most one of many replicas of mixed splits asking at once (%p)',
    onFreshDatabase(async ({ database }) => {
      const splits = [1, 2, 3, 2, 1, 3, 2, 3];
      const asking = [];
      for (let replica = 0; replica < splits.length; replica += 1) {
        const count = splits[replica];
        for (let index = 0; index < count; index += 1) {
          asking.push({
            replica,
            count,
            index,
            lease: await leaseOf(
              database,
              index,
              count === 1 ? undefined : count,
            ),
          });
        }
      }
      const won = await Promise.all(
        asking.map(async a => ({
          ...a,
          won: await a.lease.acquire(`replica-${a.replica}`, 60_000),
        })),
      );
      const winners = won.filter(w => w.won);
      expect(winners.length).toBeGreaterThan(0);
      // One split holds leases, and each of its shards has one holder.
      expect(new Set(winners.map(w => w.count)).size).toBe(1);
      const shards = winners.map(w => w.index);
      expect(new Set(shards).size).toBe(shards.length);
    }),
  );
});
