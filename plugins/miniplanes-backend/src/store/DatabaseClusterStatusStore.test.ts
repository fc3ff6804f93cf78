import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { ClusterSyncRecord } from './ClusterStatusStore';
import { DatabaseClusterStatusStore } from './DatabaseClusterStatusStore';

jest.setTimeout(60_000);

const record = (
  entityRef: string,
  cluster: string,
  lastSyncAt: string,
): ClusterSyncRecord => ({
  entityRef,
  cluster,
  state: 'InSync',
  specVersion: 3,
  driftCount: 1,
  retained: [],
  objects: [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'shop',
      name: 'settings',
      role: 'config',
      state: 'InSync',
      action: 'none',
    },
  ],
  lastSyncAt,
});

describe('DatabaseClusterStatusStore', () => {
  it.each(eachStoreDatabase())(
    'stamps lastSyncAt on the records a pass found unchanged, and nothing else (%p)',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseClusterStatusStore.create({ database });
      const before = '2026-12-04T10:00:00.000Z';
      const after = '2026-12-04T10:00:30.000Z';
      await store.put([
        record('component:default/a', 'us-east', before),
        record('component:default/a', 'us-pet', before),
        record('component:default/b', 'us-east', before),
      ]);

      await store.markSynced(
        [
          { entityRef: 'component:default/a', cluster: 'us-east' },
          { entityRef: 'component:default/b', cluster: 'us-east' },
        ],
        after,
      );

      const byKey = new Map(
        (await store.list()).map(r => [`${r.entityRef} ${r.cluster}`, r]),
      );
      expect(byKey.get('component:default/a us-east')).toEqual(
        record('component:default/a', 'us-east', after),
      );
      expect(byKey.get('component:default/b us-east')!.lastSyncAt).toBe(after);
      // Another cluster of the same service keeps its own stamp.
      expect(byKey.get('component:default/a us-pet')!.lastSyncAt).toBe(before);
    }),
  );
});
