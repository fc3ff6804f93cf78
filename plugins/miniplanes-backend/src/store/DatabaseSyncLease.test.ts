/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectHandedOverOnLapse"] }] */
import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { DatabaseSyncLease } from './DatabaseSyncLease';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * `first` claims a lease for 300 ms and stops renewing it (it crashed):
 * `next` waits while the claim stands, gets it once the claim lapses, and
 * keeps it from `first`, back.
 */
async function expectHandedOverOnLapse(
  first: { lease: DatabaseSyncLease; holder: string },
  next: { lease: DatabaseSyncLease; holder: string },
) {
  expect(await first.lease.acquire(first.holder, 300)).toBe(true);
  expect(await next.lease.acquire(next.holder, 60_000)).toBe(false);
  await sleep(500);
  expect(await next.lease.acquire(next.holder, 60_000)).toBe(true);
  expect(await first.lease.acquire(first.holder, 60_000)).toBe(false);
}

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
      await expectHandedOverOnLapse(
        { lease, holder: 'crashed' },
        { lease, holder: 'survivor' },
      );
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
  /** A replica asking for shard `index` of `count` (the whole fleet without them). */
  const replicaOf = async (
    holder: string,
    database: DatabaseService,
    index?: number,
    count?: number,
  ) => {
    const lease = await DatabaseSyncLease.create({
      database,
      shard: count === undefined ? undefined : { index: index!, count },
    });
    return {
      lease,
      claim: () => lease.acquire(holder, 60_000),
      release: () => lease.release(holder),
    };
  };
  /** Whether each replica gets its lease, asking one after the other. */
  const claimInTurn = async (
    ...replicas: { claim: () => Promise<boolean> }[]
  ) => {
    const won: boolean[] = [];
    for (const replica of replicas) won.push(await replica.claim());
    return won;
  };
  const leaseOf = async (
    database: DatabaseService,
    index?: number,
    count?: number,
  ) => (await replicaOf('', database, index, count)).lease;

  it.each(eachStoreDatabase())(
    'lets replicas hold different shards at once, each shard by one replica (%p)',
    onFreshDatabase(async ({ database }) => {
      const a1 = await replicaOf('replica-a', database, 0, 2);
      const b1 = await replicaOf('replica-b', database, 0, 2);
      const b2 = await replicaOf('replica-b', database, 1, 2);

      // a1 and b2 hold theirs, b1 waits; each holder extends its own claim.
      expect(await claimInTurn(a1, b1, b2, a1, b2)).toEqual([
        true,
        false,
        true,
        true,
        true,
      ]);

      await a1.release();
      expect(await claimInTurn(b1)).toEqual([true]);
    }),
  );

  it.each(eachStoreDatabase())(
    'keeps the whole fleet’s lease and another split out while any shard is held (%p)',
    onFreshDatabase(async ({ database }) => {
      const firstOfTwo = await replicaOf('replica-a', database, 0, 2);
      const secondOfTwo = await replicaOf('replica-b', database, 1, 2);
      const whole = await replicaOf('replica-c', database);
      const firstOfThree = await replicaOf('replica-c', database, 0, 3);

      expect(
        await claimInTurn(firstOfTwo, secondOfTwo, whole, firstOfThree),
      ).toEqual([true, true, false, false]);

      // The split's mark stays while one of its shards is held.
      await firstOfTwo.release();
      expect(await claimInTurn(whole, firstOfThree)).toEqual([false, false]);

      await secondOfTwo.release();
      const wholeLater = await replicaOf('replica-d', database);
      expect(await claimInTurn(firstOfThree, wholeLater, firstOfTwo)).toEqual([
        true,
        false,
        false,
      ]);

      await firstOfThree.release();
      expect(await claimInTurn(wholeLater, secondOfTwo)).toEqual([true, false]);
    }),
  );

  it.each(eachStoreDatabase())(
    'waits for the whole fleet’s holder, of this version or an older one (%p)',
    onFreshDatabase(async ({ database }) => {
      // A lapsed claim of the whole fleet does not hold the shards back.
      await expectHandedOverOnLapse(
        { lease: await leaseOf(database), holder: 'replica-old' },
        { lease: await leaseOf(database, 0, 2), holder: 'replica-new' },
      );
    }),
  );

  it.each(eachStoreDatabase())(
    'lets the split’s mark lapse with the last claim of a replica that died (%p)',
    onFreshDatabase(async ({ database }) => {
      await expectHandedOverOnLapse(
        { lease: await leaseOf(database, 0, 2), holder: 'crashed' },
        { lease: await leaseOf(database), holder: 'survivor' },
      );
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
