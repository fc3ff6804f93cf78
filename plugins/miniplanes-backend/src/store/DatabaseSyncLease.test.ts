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
