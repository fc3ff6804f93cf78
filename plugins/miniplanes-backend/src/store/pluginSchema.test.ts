import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { inventoryEntry } from '../__testUtils__/inventoryEntries';
import { DatabaseClusterStatusStore } from './DatabaseClusterStatusStore';
import { DatabaseInventoryStore } from './DatabaseInventoryStore';

jest.setTimeout(60_000);

// Backstage can divide plugins by schema in one PostgreSQL database
// (`backend.database.pluginDivisionMode: schema`): the plugin's tables are
// then in a schema of its own, found through the connection's search_path.
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const SCHEMA = 'miniplanes';

const entry = (name: string) => inventoryEntry('component:default/shop', name);

/** The plugin's database service on `knex`'s database, divided by schema. */
function pluginSchemaDatabase(knex: Knex) {
  const manager = DatabaseManager.fromConfig(
    new ConfigReader({
      backend: {
        database: {
          client: 'pg',
          connection: knex.client.config.connection,
          pluginDivisionMode: 'schema',
        },
      },
    }),
  );
  const database = manager.forPlugin(SCHEMA, {
    logger: mockServices.logger.mock(),
    lifecycle: mockServices.lifecycle.mock(),
  });
  return {
    database,
    stop: async () => (await database.getClient()).destroy(),
  };
}

// PostgreSQL alone divides by schema: skipped without one.
const describeOnPostgres = databases.supports('POSTGRES_15')
  ? describe
  : describe.skip;

describeOnPostgres('the store in a plugin schema', () => {
  it("claims, records and stamps in the plugin's own schema, and counts a write made by hand from another search_path", async () => {
    const knex = await databases.init('POSTGRES_15');
    const { database, stop } = pluginSchemaDatabase(knex);
    try {
      const inventory = await DatabaseInventoryStore.create({ database });
      const status = await DatabaseClusterStatusStore.create({ database });
      expect(await inventory.claim(entry('web'))).toEqual({});
      await inventory.update([{ ...entry('web'), uid: 'uid-web' }]);
      await status.markSynced([
        {
          entityRef: 'component:default/shop',
          clusters: ['eu-west'],
          syncedAt: '2026-12-07T05:00:00.000Z',
        },
      ]);

      // Written in the plugin's schema, nowhere else.
      const inSchema = await knex
        .withSchema(SCHEMA)
        .from('miniplanes_inventory')
        .select('object_key', 'uid');
      expect(inSchema).toEqual([
        { object_key: 'apps/Deployment/shop/web', uid: 'uid-web' },
      ]);
      expect(
        await knex.withSchema(SCHEMA).from('miniplanes_status_stamps'),
      ).toHaveLength(1);
      expect(await knex.schema.hasTable('miniplanes_inventory')).toBe(false);

      // An operator's fix by hand, schema-qualified from a plain session:
      // the store's kept copy of the inventory is not trusted past it.
      expect((await inventory.list()).map(e => e.uid)).toEqual(['uid-web']);
      await knex
        .withSchema(SCHEMA)
        .from('miniplanes_inventory')
        .update({ uid: 'uid-by-hand' });
      expect((await inventory.list()).map(e => e.uid)).toEqual(['uid-by-hand']);
    } finally {
      await stop();
    }
  });
});
