import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';

/** The databases every store test runs on: PostgreSQL 15 (when configured) and SQLite. */
export function storeTestDatabases() {
  return TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
}

/** A fresh database of that kind, with miniplanes' migrations applied when a store is created on it. */
export async function migratedDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
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
