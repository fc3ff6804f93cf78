import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { DatabaseInventoryStore } from './DatabaseInventoryStore';
import { insertRows } from './insertRows';

jest.setTimeout(60_000);

const TABLE = 'miniplanes_inventory';
const KEY = ['cluster', 'object_key'];

/** An inventory row, as the inventory writes one. */
const row = (name: string, entityRef: string, uid: string | null = null) => ({
  cluster: 'eu-west',
  object_key: `apps/Deployment/shop/${name}`,
  entity_ref: entityRef,
  api_version: 'apps/v1',
  kind: 'Deployment',
  namespace: 'shop',
  name,
  uid,
  role: 'compute',
  data: false,
  state: 'applied',
  spec_version: 1,
  retained_since: null,
  kept_because: null,
  updated_at: new Date('2026-12-05T10:00:00Z'),
});

/** The inventory table, migrated as the plugin migrates it. */
async function inventoryTable(knex: Knex, database: DatabaseService) {
  await DatabaseInventoryStore.create({ database });
  return async () =>
    (
      await knex(TABLE)
        .select('object_key', 'entity_ref', 'uid', 'data')
        .orderBy('object_key')
    ).map(r => ({ ...r, data: Boolean(r.data) }));
}

describe('insertRows', () => {
  it.each(eachStoreDatabase())(
    'inserts every row in one statement of few parameters, and answers the rows it wrote (%p)',
    onFreshDatabase(async ({ knex, database }) => {
      const read = await inventoryTable(knex, database);
      const statements: { sql: string; bindings: unknown[] }[] = [];
      const log = (query: { sql: string; bindings: unknown[] }) =>
        statements.push(query);
      knex.on('query', log);
      const written = await insertRows(
        knex,
        TABLE,
        [row('a', 'component:default/a'), row('b', 'component:default/b')],
        {
          conflict: KEY,
          onConflict: { ignore: true },
          returning: ['object_key', 'entity_ref'],
        },
      );
      knex.off('query', log);
      expect(statements).toHaveLength(1);
      // Not knex's SQLite compound SELECT … UNION ALL SELECT, slow to prepare;
      // on PostgreSQL not a parameter a column a row, planned anew each time.
      const [{ sql, bindings }] = statements;
      const onPostgres = knex.client.dialect === 'postgresql';
      const columns = Object.keys(row('a', 'component:default/a')).length;
      expect({
        unionAll: /union all/i.test(sql),
        valuesList: /values \(.*\), \(/i.test(sql),
        json: /json_populate_recordset/.test(sql),
        parameters: bindings.length,
      }).toEqual({
        unionAll: false,
        valuesList: !onPostgres,
        json: onPostgres,
        parameters: onPostgres ? 1 : 2 * columns,
      });
      expect(written.map(r => r.object_key).sort()).toEqual([
        'apps/Deployment/shop/a',
        'apps/Deployment/shop/b',
      ]);
      expect(await read()).toEqual([
        {
          object_key: 'apps/Deployment/shop/a',
          entity_ref: 'component:default/a',
          uid: null,
          data: false,
        },
        {
          object_key: 'apps/Deployment/shop/b',
          entity_ref: 'component:default/b',
          uid: null,
          data: false,
        },
      ]);
    }),
  );

  it.each(eachStoreDatabase())(
    'leaves a taken key alone when told to ignore it, and answers only the rows it wrote (%p)',
    onFreshDatabase(async ({ knex, database }) => {
      const read = await inventoryTable(knex, database);
      await insertRows(knex, TABLE, [row('a', 'component:default/a')], {
        conflict: KEY,
        onConflict: { ignore: true },
      });
      const written = await insertRows(
        knex,
        TABLE,
        [row('a', 'component:default/other'), row('b', 'component:default/b')],
        {
          conflict: KEY,
          onConflict: { ignore: true },
          returning: ['object_key'],
        },
      );
      expect(written.map(r => r.object_key)).toEqual([
        'apps/Deployment/shop/b',
      ]);
      expect((await read()).map(r => r.entity_ref)).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
    }),
  );

  it.each(eachStoreDatabase())(
    'merges a taken key, only where the row there has the same value in the column named (%p)',
    onFreshDatabase(async ({ knex, database }) => {
      const read = await inventoryTable(knex, database);
      await insertRows(
        knex,
        TABLE,
        [row('a', 'component:default/a'), row('b', 'component:default/b')],
        { conflict: KEY, onConflict: { ignore: true } },
      );
      await insertRows(
        knex,
        TABLE,
        [
          { ...row('a', 'component:default/a', 'uid-a'), data: true },
          // Another owner's row: not merged.
          row('b', 'component:default/a', 'uid-b'),
          // No row there yet: inserted.
          row('c', 'component:default/a', 'uid-c'),
        ],
        {
          conflict: KEY,
          onConflict: { merge: true, onlyWhereSame: 'entity_ref' },
        },
      );
      expect(await read()).toEqual([
        {
          object_key: 'apps/Deployment/shop/a',
          entity_ref: 'component:default/a',
          uid: 'uid-a',
          data: true,
        },
        {
          object_key: 'apps/Deployment/shop/b',
          entity_ref: 'component:default/b',
          uid: null,
          data: false,
        },
        {
          object_key: 'apps/Deployment/shop/c',
          entity_ref: 'component:default/a',
          uid: 'uid-c',
          data: false,
        },
      ]);
      // Without the condition, every taken key takes the new row.
      await insertRows(knex, TABLE, [row('b', 'component:default/a', 'x')], {
        conflict: KEY,
        onConflict: { merge: true },
      });
      expect((await read())[1]).toMatchObject({
        entity_ref: 'component:default/a',
        uid: 'x',
      });
    }),
  );

  it.each(eachStoreDatabase())(
    "keeps every column's value and type: text, numbers, booleans, times, nulls and values left undefined (%p)",
    onFreshDatabase(async ({ knex, database }) => {
      await inventoryTable(knex, database);
      const odd = `it's "quoted", \\ back-slashed, ünïcode ✓, {"json": [1]}`;
      const written = {
        ...row('a', 'component:default/a', 'uid-a'),
        data: true,
        spec_version: 2_147_483_647,
        retained_since: 0,
        kept_because: odd,
        updated_at: new Date('2026-12-07T05:06:07.089Z'),
      };
      await insertRows(
        knex,
        TABLE,
        [
          written,
          row('b', 'component:default/b'),
          { ...row('c', 'component:default/c', 'uid-c'), uid: undefined },
        ],
        {
          conflict: KEY,
          onConflict: { ignore: true },
        },
      );
      const rows = await knex(TABLE).orderBy('object_key');
      const asWritten = rows.map(r => ({
        ...r,
        data: Boolean(r.data),
        updated_at: new Date(r.updated_at).toISOString(),
      }));
      expect(asWritten).toEqual([
        { ...written, updated_at: '2026-12-07T05:06:07.089Z' },
        {
          ...row('b', 'component:default/b'),
          updated_at: '2026-12-05T10:00:00.000Z',
        },
        {
          ...row('c', 'component:default/c', null),
          updated_at: '2026-12-05T10:00:00.000Z',
        },
      ]);
    }),
  );

  it.each(eachStoreDatabase())(
    'writes nothing for no rows (%p)',
    onFreshDatabase(async ({ knex, database }) => {
      const read = await inventoryTable(knex, database);
      expect(
        await insertRows(knex, TABLE, [], {
          conflict: KEY,
          onConflict: { ignore: true },
          returning: ['object_key'],
        }),
      ).toEqual([]);
      expect(await read()).toEqual([]);
    }),
  );
});
