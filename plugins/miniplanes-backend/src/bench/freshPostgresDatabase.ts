/* eslint-disable @backstage/no-undeclared-imports -- benchmarks are not shipped: they run on devDependencies */
import knexFactory from 'knex';

let made = 0;

/**
 * Makes an empty database on the PostgreSQL server the connection string
 * names, so a benchmark's run starts from a fresh store; answers its
 * connection string.
 */
export async function freshPostgresDatabase(
  server: string,
  prefix: string,
): Promise<string> {
  const name = `${prefix}_${Date.now()}_${(made += 1)}`;
  const admin = knexFactory({ client: 'pg', connection: server });
  try {
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  return `${server}/${name}`;
}
