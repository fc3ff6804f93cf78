import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** The plugin's knex migrations. */
export const migrationsDir = resolvePackagePath(
  '@miniplanes/plugin-miniplanes-backend',
  'migrations',
);

/**
 * The plugin's database client, migrated to the latest schema unless the
 * deployment manages migrations itself (`database.migrations.skip`).
 * Idempotent, so every store can call it.
 */
export async function migrateMiniplanesDatabase(
  database: DatabaseService,
  options: { skipMigrations?: boolean } = {},
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip && !options.skipMigrations) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}
