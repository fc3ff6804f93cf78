// A throwaway PostgreSQL server for the test suite: a fresh cluster in a
// temporary directory, on a free loopback port, stopped when the suite ends.
// Backstage's TestDatabases picks it up from
// BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './toolchain.mjs';

const BIN = '/usr/lib/postgresql/15/bin';

/** The Debian package that provides the server binaries used here. */
export const postgresPackage = {
  provides: join(BIN, 'pg_ctl'),
  debian: ['postgresql-15'],
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root, so root runs it as the postgres user. */
function asServerUser(command, args) {
  const isRoot = process.getuid?.() === 0;
  const result = isRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], {
        encoding: 'utf8',
      })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} failed: ${(result.stderr || result.stdout || '').trim()}`,
    );
  }
  return result;
}

/**
 * Starts a server and returns its connection string and a stop function.
 */
export async function startTestPostgres() {
  if (!existsSync(postgresPackage.provides)) {
    throw new Error(
      `PostgreSQL 15 server binaries not found in ${BIN} (apt-get install postgresql-15)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'miniplanes-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  asServerUser(join(BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  asServerUser(join(BIN, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=300`,
    'start',
  ]);
  log(`PostgreSQL 15 for tests on 127.0.0.1:${port}`);
  return {
    connectionString: `postgresql://postgres@127.0.0.1:${port}`,
    stop() {
      try {
        asServerUser(join(BIN, 'pg_ctl'), [
          '-D',
          data,
          '-m',
          'immediate',
          'stop',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
