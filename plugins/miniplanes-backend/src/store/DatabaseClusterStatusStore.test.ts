import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { storeOnTestClock } from '../__testUtils__/storeOnTestClock';
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

  it.each(eachStoreDatabase())(
    'reads a record’s JSON again only once it is rewritten, by this replica or another (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const replicaA = await DatabaseClusterStatusStore.create({ database });
      const replicaB = await DatabaseClusterStatusStore.create({ database });
      const a = record(
        'component:default/a',
        'us-east',
        '2026-12-04T10:00:00Z',
      );
      const b = record(
        'component:default/b',
        'us-east',
        '2026-12-04T10:00:00Z',
      );
      await replicaA.put([a, b]);
      const first = await replicaA.list();

      // A steady read: what was parsed stands; the JSON columns are not read.
      const read: string[] = [];
      const seeQuery = (query: { sql: string }) => read.push(query.sql);
      knex.on('query', seeQuery);
      try {
        const again = await replicaA.list();
        expect(again).toEqual(first);
        expect(again[0].objects).toBe(first[0].objects);
        expect(read.join('\n')).not.toMatch(/objects|\*/);
      } finally {
        knex.off('query', seeQuery);
      }

      // Another replica rewrites b, then removes a and writes it anew.
      const rewritten = {
        ...b,
        objects: [{ ...b.objects[0], state: 'Drifted' as const }],
      };
      await replicaB.put([rewritten]);
      await replicaB.remove([{ entityRef: a.entityRef, cluster: a.cluster }]);
      const renewed = { ...a, driftCount: 4, retained: [] };
      await replicaB.put([{ ...renewed, objects: [] }]);
      expect(await replicaA.list()).toEqual([
        { ...renewed, objects: [], lastSyncAt: '2026-12-04T10:00:00.000Z' },
        { ...rewritten, lastSyncAt: '2026-12-04T10:00:00.000Z' },
      ]);
    }),
  );

  it.each(eachStoreDatabase())(
    'does not read back what it just wrote: the records it put are known at their revision (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const writer = await DatabaseClusterStatusStore.create({ database });
      const a: ClusterSyncRecord = {
        ...record('component:default/a', 'us-east', '2026-12-04T10:00:00Z'),
        appliedGeneration: 2,
        desiredReplicas: 3,
        operations: [
          { name: 'backup:nightly', operator: 'velero', stale: false },
        ],
      };
      await writer.put([
        a,
        record('component:default/b', 'us-east', '2026-12-04T10:00:00Z'),
      ]);

      const read: string[] = [];
      const seeQuery = (query: { sql: string }) => read.push(query.sql);
      knex.on('query', seeQuery);
      let listed: ClusterSyncRecord[];
      try {
        listed = await writer.list();
      } finally {
        knex.off('query', seeQuery);
      }
      expect(read.join('\n')).not.toMatch(/objects|\*/);
      // What a replica that did not write them reads whole.
      const reader = await DatabaseClusterStatusStore.create({ database });
      expect(listed).toEqual(await reader.list());
    }),
  );

  it.each(eachStoreDatabase())(
    'reads within five minutes what an older replica rewrote without a revision (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const a = record(
        'component:default/a',
        'us-east',
        '2026-12-04T10:00:00Z',
      );
      const { store, clock } = await storeOnTestClock(
        DatabaseClusterStatusStore,
        database,
      );
      await store.put([a]);
      await store.list();
      // An older version writes its columns and knows nothing of revisions.
      await knex('miniplanes_cluster_status').update({
        objects: JSON.stringify([]),
        drift_count: 0,
      });

      clock.advance(4 * 60_000);
      expect((await store.list())[0]).toMatchObject({
        driftCount: 1,
        objects: a.objects,
      });
      clock.advance(60_000);
      expect((await store.list())[0]).toMatchObject({
        driftCount: 0,
        objects: [],
      });
    }),
  );
});
