import { Knex } from 'knex';
import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { inventoryEntry as entry } from '../__testUtils__/inventoryEntries';
import { DatabaseInventoryStore } from './DatabaseInventoryStore';

jest.setTimeout(60_000);

/** The statements run on the inventory's table while `run` runs. */
async function inventoryStatements(knex: Knex, run: () => Promise<unknown>) {
  const statements: string[] = [];
  const count = (query: { sql: string }) => {
    if (query.sql.includes('miniplanes_inventory')) statements.push(query.sql);
  };
  knex.on('query', count);
  try {
    await run();
  } finally {
    knex.off('query', count);
  }
  return statements;
}

describe('DatabaseInventoryStore', () => {
  it.each(eachStoreDatabase())(
    'names one installation for every store on a database, and another for another database (%p)',
    onFreshDatabase(async ({ database, another }) => {
      const first = await DatabaseInventoryStore.create({ database });
      const installation = await first.installation();
      // A second replica of the same installation: the same name.
      const replica = await DatabaseInventoryStore.create({ database });
      expect(await replica.installation()).toBe(installation);
      // A label value: at most 63 characters.
      expect(installation).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      const other = await DatabaseInventoryStore.create(await another());
      expect(await other.installation()).not.toBe(installation);
    }),
  );

  it.each(eachStoreDatabase())(
    'lets the first claim of an object win, also among claims made at the same time (%p)',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseInventoryStore.create({ database });
      expect(await store.claim(entry('component:default/a', 'web'))).toEqual(
        {},
      );

      const [again, other, sameTime, sameTimeOther] = await Promise.all([
        store.claim(entry('component:default/a', 'web')),
        store.claim(entry('component:default/b', 'web')),
        store.claim(entry('component:default/b', 'api')),
        store.claim(entry('component:default/c', 'api')),
      ]);
      expect(again).toEqual({ held: true });
      expect(other).toEqual({ owner: 'component:default/a' });
      expect(sameTime).toEqual({});
      expect(sameTimeOther).toEqual({ owner: 'component:default/b' });
      expect((await store.list()).map(e => [e.objectKey, e.entityRef])).toEqual(
        [
          ['apps/Deployment/shop/api', 'component:default/b'],
          ['apps/Deployment/shop/web', 'component:default/a'],
        ],
      );

      // Two passes of one service claiming an object at once: one made the
      // claim, the other finds it held.
      const twice = await Promise.all([
        store.claim(entry('component:default/a', 'db')),
        store.claim(entry('component:default/a', 'db')),
      ]);
      expect(twice).toEqual([{}, { held: true }]);
    }),
  );

  it.each(eachStoreDatabase())(
    'records what concurrent syncs claim and apply in a few statements, not a few per object (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const store = await DatabaseInventoryStore.create({ database });
      const entries = Array.from({ length: 40 }, (_, i) =>
        entry(`component:default/svc-${i}`, `svc-${i}`, `cluster-${i % 4}`),
      );

      const claims = await inventoryStatements(knex, () =>
        Promise.all(entries.map(e => store.claim(e))),
      );
      const updates = await inventoryStatements(knex, () =>
        Promise.all(
          entries.map(e => store.update([{ ...e, uid: `uid-${e.name}` }])),
        ),
      );

      // The first call is written alone; the 39 made meanwhile, together:
      // one statement each, as no object was claimed before.
      expect(claims.length).toBeLessThanOrEqual(2);
      expect(updates.length).toBeLessThanOrEqual(2);
      // Rows as a VALUES list: knex's SQLite compound SELECT … UNION ALL
      // SELECT, one per row, is far slower for SQLite to prepare.
      for (const statement of [...claims, ...updates])
        expect(statement).not.toMatch(/union all/i);
      expect((await store.list()).map(e => e.uid).sort()).toEqual(
        entries.map(e => `uid-${e.name}`).sort(),
      );
    }),
  );

  it.each(eachStoreDatabase())(
    'reads no inventory row again while nothing was written to it (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const store = await DatabaseInventoryStore.create({ database });
      await store.claim(entry('component:default/a', 'web'));
      await store.claim(entry('component:default/b', 'api', 'us-east'));
      const first = await store.list();

      // A steady sync pass reads the whole inventory every time.
      const again = await inventoryStatements(knex, () =>
        Promise.all([
          store.list(),
          store.list({ entityRefs: ['component:default/b'] }),
          store.list({ cluster: 'eu-west' }),
        ]),
      );

      expect(again).toEqual([]);
      expect(await store.list()).toEqual(first);
      expect(await store.list({ entityRefs: ['component:default/b'] })).toEqual(
        [first[1]],
      );
      expect(await store.list({ cluster: 'eu-west' })).toEqual([first[0]]);
      // Shared from pass to pass: no pass can change what the next one reads.
      expect((await store.list()).every(e => Object.isFrozen(e))).toBe(true);
    }),
  );

  it.each(eachStoreDatabase())(
    'lists every write made since, by another replica or by any statement on the table (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const store = await DatabaseInventoryStore.create({ database });
      const replica = await DatabaseInventoryStore.create({ database });
      const a = entry('component:default/a', 'web');
      const b = entry('component:default/b', 'api', 'us-east');
      const keys = async (filter?: Parameters<typeof store.list>[0]) =>
        (await store.list(filter)).map(e => [e.objectKey, e.uid, e.state]);
      await store.claim(a);
      expect(await keys()).toEqual([[a.objectKey, undefined, 'applied']]);

      await replica.claim(b);
      expect(await keys()).toHaveLength(2);
      await replica.update([{ ...a, uid: 'uid-a' }]);
      expect(await keys({ entityRefs: [a.entityRef] })).toEqual([
        [a.objectKey, 'uid-a', 'applied'],
      ]);
      await replica.remove([b]);
      expect(await keys({ cluster: 'us-east' })).toEqual([]);
      // An operator's fix by hand, or code that bypasses the store.
      await knex('miniplanes_inventory')
        .where({ cluster: 'eu-west' })
        .update({ state: 'retained' });
      expect(await keys()).toEqual([[a.objectKey, 'uid-a', 'retained']]);
      await knex('miniplanes_inventory').delete();
      expect(await keys()).toEqual([]);
    }),
  );

  it.each(eachStoreDatabase())(
    'claims an object no service claimed before in one statement (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const store = await DatabaseInventoryStore.create({ database });
      const fresh = await inventoryStatements(knex, () =>
        store.claim(entry('component:default/a', 'web')),
      );
      const again = await inventoryStatements(knex, () =>
        store.claim(entry('component:default/a', 'web')),
      );
      expect(fresh).toHaveLength(1);
      // Claimed before: its owner is read.
      expect(again).toHaveLength(2);
    }),
  );

  it.each(eachStoreDatabase())(
    'updates only the entries their services own (%p)',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseInventoryStore.create({ database });
      await store.claim(entry('component:default/a', 'web'));

      await Promise.all([
        store.update([
          { ...entry('component:default/b', 'web'), uid: 'not-b-s' },
        ]),
        store.update([{ ...entry('component:default/a', 'web'), uid: 'a-s' }]),
      ]);

      expect(await store.list()).toEqual([
        { ...entry('component:default/a', 'web'), uid: 'a-s' },
      ]);
    }),
  );

  it.each(eachStoreDatabase())(
    'ends a release that can never be carried out as void, keeping why, and never voids one carried out (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const store = await DatabaseInventoryStore.create({ database });
      const release = (cluster: string) => ({
        entity_ref: 'component:default/a',
        spec_version: 2,
        cluster,
        object_key: 'apps/StatefulSet/shop/db',
      });
      await knex('miniplanes_releases').insert([
        release('eu-west'),
        release('us-east'),
        release('ap-south'),
      ]);
      const [euWest, usEast, apSouth] = await store.pendingReleases([
        'component:default/a',
      ]);
      await store.markReleased([usEast.id]);

      const because = 'placed in eu-west again by version 3';
      await store.markVoided([
        { id: euWest.id, because },
        { id: usEast.id, because: 'too late: it was carried out' },
      ]);

      expect(
        (await store.pendingReleases(['component:default/a'])).map(
          r => r.cluster,
        ),
      ).toEqual(['ap-south']);
      const records = await store.listReleases('component:default/a');
      expect(records).toEqual([
        { ...euWest, voidedAt: expect.any(String), voidedBecause: because },
        { ...usEast, executedAt: expect.any(String) },
        apSouth,
      ]);
    }),
  );
});
