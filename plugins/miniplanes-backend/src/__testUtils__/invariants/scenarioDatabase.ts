import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateMiniplanesDatabase } from '../../store/migrateMiniplanesDatabase';

let counter = 0;

/** A killed backend's pool reports the queries it drops; that is the point, not news. */
const quiet = { warn() {}, error() {}, deprecate() {}, debug() {} };

/**
 * One database for one scenario, to which each backend process connects
 * with its own pool, as separate processes do: a SQLite file, or a fresh
 * database on a PostgreSQL server (the only way two replicas share one).
 */
export interface ScenarioDatabase {
  readonly engine: 'sqlite' | 'postgres';
  connect(): Knex;
  /** Drops the database once every pool is destroyed. */
  dispose(): Promise<void>;
}

function sqlite(filename: string): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    acquireConnectionTimeout: 1000,
    log: quiet,
  });
}

/** A migrated empty database, made once per process: each scenario starts from a copy. */
let template: Promise<string> | undefined;

function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const directory = mkdtempSync(join(tmpdir(), 'miniplanes-template-'));
    const filename = join(directory, 'miniplanes.sqlite');
    const knex = sqlite(filename);
    try {
      await migrateMiniplanesDatabase(mockServices.database({ knex }));
    } finally {
      await knex.destroy();
    }
    process.once('exit', () =>
      rmSync(directory, { recursive: true, force: true }),
    );
    return filename;
  })();
  return template;
}

export async function sqliteDatabase(): Promise<ScenarioDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'miniplanes-invariants-'));
  const filename = join(directory, 'miniplanes.sqlite');
  copyFileSync(await migratedTemplate(), filename);
  return {
    engine: 'sqlite',
    connect: () => sqlite(filename),
    dispose: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

export async function postgresDatabase(
  serverUrl: string,
): Promise<ScenarioDatabase> {
  counter += 1;
  const name = `miniplanes_invariants_${process.pid}_${counter}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    engine: 'postgres',
    connect: () =>
      knexFactory({
        client: 'pg',
        connection: url.toString(),
        pool: { min: 0, max: 5 },
        // A killed backend's pool fails its queries at once, not after a minute.
        acquireConnectionTimeout: 1000,
        log: quiet,
      }),
    dispose: async () => {
      const cleanup = knexFactory({ client: 'pg', connection: serverUrl });
      try {
        await cleanup.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}
