import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { Knex } from 'knex';

/** The databases every store test runs on: PostgreSQL 15 (when configured) and SQLite. */
export function storeTestDatabases() {
  return TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
}

/** The test file's store databases, made on first use (jest loads this module once per test file). */
let fileDatabases: TestDatabases | undefined;
const fileStoreDatabases = () => (fileDatabases ??= storeTestDatabases());

/** `it.each` rows that run a store test once on each store test database; `%p` in its name says which. */
export const eachStoreDatabase = () => fileStoreDatabases().eachSupportedId();

/** A database and the knex client on it. */
type MigratedDatabase = { knex: Knex; database: DatabaseService };

/** What a store test gets: a fresh migrated database, of the kind its row names. */
export type StoreTestDatabase = MigratedDatabase & {
  databaseId: TestDatabaseId;
  /** Another fresh database of the same kind. */
  another(): Promise<MigratedDatabase>;
};

/** A store test of an `eachStoreDatabase()` row, run on a fresh database of that row's kind. */
export function onFreshDatabase(
  test: (db: StoreTestDatabase) => Promise<void>,
) {
  return async (databaseId: TestDatabaseId) => {
    const another = () => migratedDatabase(fileStoreDatabases(), databaseId);
    await test({ databaseId, another, ...(await another()) });
  };
}

/** A fresh database of that kind, with miniplanes' migrations applied when a store is created on it. */
export async function migratedDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<MigratedDatabase> {
  const knex = await databases.init(databaseId);
  return {
    knex,
    database: mockServices.database({ knex, migrations: { skip: false } }),
  };
}

/** The smallest valid service: one compute Deployment of its own name. */
export function computeOnlyService(
  name: string,
  replicas = 1,
): FederatedService {
  return {
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: { name, entityRef: `component:default/${name}` },
    spec: {
      placement: { replicas: { total: replicas, mode: 'Duplicated' } },
      resources: [
        {
          role: 'compute',
          manifest: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name },
          },
        },
      ],
    },
  };
}

/**
 * A service of one data object, airline data resident in the US: a
 * StatefulSet unless `object` says which kind of object it is.
 */
export function usDataService(
  name: string,
  options: {
    mode?: 'Duplicated' | 'Divided';
    object?: { apiVersion: string; kind: string; name: string };
  } = {},
): FederatedService {
  const object = options.object ?? {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    name: 'db',
  };
  return {
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: { name, entityRef: `component:default/${name}` },
    spec: {
      data: { classification: 'airline-data', residency: ['US'] },
      placement: {
        replicas: { total: 1, mode: options.mode ?? 'Duplicated' },
      },
      resources: [
        {
          role: 'data',
          manifest: {
            apiVersion: object.apiVersion,
            kind: object.kind,
            metadata: { name: object.name },
          },
        },
      ],
    },
  };
}
