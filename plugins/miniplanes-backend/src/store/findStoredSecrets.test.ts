import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseMiniplanesStore } from './DatabaseMiniplanesStore';
import { findStoredSecrets } from './findStoredSecrets';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('findStoredSecrets', () => {
  it('finds the stored specs that carry secret values, and only those', async () => {
    const store = await DatabaseMiniplanesStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
      }),
    });
    const spec = (name: string, secret: Record<string, unknown>) => ({
      apiVersion: 'miniplanes.io/v1alpha1' as const,
      kind: 'FederatedService' as const,
      metadata: { name, entityRef: `component:default/${name}` },
      spec: {
        placement: {},
        resources: [
          {
            role: 'config' as const,
            manifest: {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: 'credentials' },
              ...secret,
            },
          },
        ],
      },
    });
    // Stored before filing refused them, e.g. by an older release.
    await store.putSpec({
      entityRef: 'component:default/legacy',
      spec: spec('legacy', { data: { password: 'aHVudGVyMg==' } }),
      source: 'seed',
    });
    await store.putSpec({
      entityRef: 'component:default/clean',
      spec: spec('clean', { type: 'Opaque' }),
      source: 'seed',
    });
    expect(await findStoredSecrets(store)).toEqual([
      {
        entityRef: 'component:default/legacy',
        where: 'spec version 1',
        path: 'spec.resources[0].manifest.data',
      },
    ]);
  });
});
