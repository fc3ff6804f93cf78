import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { storeOnTestClock } from '../__testUtils__/storeOnTestClock';
import { ClusterSyncRecord } from './ClusterStatusStore';
import { DatabaseClusterStatusStore } from './DatabaseClusterStatusStore';
import { migrationsDir } from './migrateMiniplanesDatabase';
import { iso } from './rows';

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

/** A record's own time, and a pass's stamp after it. */
const before = '2026-12-04T10:00:00.000Z';
const after = '2026-12-04T10:00:30.000Z';

describe('DatabaseClusterStatusStore', () => {
  it.each(eachStoreDatabase())(
    'stamps a service’s unchanged records with one row: the clusters it names, unless a record’s own time is later (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const store = await DatabaseClusterStatusStore.create({ database });
      const later = '2026-12-04T10:00:45.000Z';
      await store.put([
        record('component:default/a', 'us-east', before),
        record('component:default/a', 'us-pet', before),
        record('component:default/a', 'eu-west', later),
        record('component:default/b', 'us-east', before),
      ]);

      const written: string[] = [];
      const seeQuery = (query: { sql: string }) => written.push(query.sql);
      knex.on('query', seeQuery);
      try {
        await store.markSynced([
          {
            entityRef: 'component:default/a',
            clusters: ['us-east', 'eu-west'],
            syncedAt: after,
          },
          {
            entityRef: 'component:default/b',
            clusters: ['us-east'],
            syncedAt: after,
          },
        ]);
      } finally {
        knex.off('query', seeQuery);
      }
      // One statement for both services, and not a record rewritten.
      expect(written).toHaveLength(1);
      expect(written[0]).not.toMatch(/miniplanes_cluster_status/);

      const timeOf = async (reader: DatabaseClusterStatusStore) =>
        new Map(
          (await reader.list()).map(r => [
            `${r.entityRef} ${r.cluster}`,
            r.lastSyncAt,
          ]),
        );
      // As this replica and another one read it.
      const other = await DatabaseClusterStatusStore.create({ database });
      for (const reader of [store, other]) {
        const times = await timeOf(reader);
        expect(times.get('component:default/a us-east')).toBe(after);
        expect(times.get('component:default/b us-east')).toBe(after);
        // A cluster the stamp does not name keeps its own time...
        expect(times.get('component:default/a us-pet')).toBe(before);
        // ...and a record's own later time stands.
        expect(times.get('component:default/a eu-west')).toBe(later);
      }
      expect(
        (await store.list(['component:default/a'])).find(
          r => r.cluster === 'us-east',
        ),
      ).toEqual(record('component:default/a', 'us-east', after));

      // The next stamp replaces it: us-east is no longer named.
      await store.markSynced([
        {
          entityRef: 'component:default/a',
          clusters: ['us-pet'],
          syncedAt: later,
        },
      ]);
      const times = await timeOf(other);
      expect(times.get('component:default/a us-east')).toBe(before);
      expect(times.get('component:default/a us-pet')).toBe(later);
    }),
  );

  it.each(eachStoreDatabase())(
    'forgets the stamp of a service once its last record is removed (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const store = await DatabaseClusterStatusStore.create({ database });
      await store.put([
        record('component:default/a', 'us-east', before),
        record('component:default/a', 'us-pet', before),
      ]);
      const stamp = {
        entityRef: 'component:default/a',
        clusters: ['us-east', 'us-pet'],
        syncedAt: after,
      };
      await store.markSynced([stamp]);
      const stamps = () =>
        knex('miniplanes_status_stamps').select('entity_ref');

      await store.remove([{ entityRef: stamp.entityRef, cluster: 'us-east' }]);
      expect(await stamps()).toHaveLength(1);
      await store.remove([{ entityRef: stamp.entityRef, cluster: 'us-pet' }]);
      expect(await stamps()).toEqual([]);
    }),
  );

  it.each(eachStoreDatabase())(
    'folds the stamps into the records when its migration is rolled back (%p)',
    onFreshDatabase(async ({ database, knex }) => {
      const store = await DatabaseClusterStatusStore.create({ database });
      await store.put([
        record('component:default/a', 'us-east', before),
        record('component:default/a', 'us-pet', before),
      ]);
      await store.markSynced([
        {
          entityRef: 'component:default/a',
          clusters: ['us-east'],
          syncedAt: after,
        },
      ]);
      const listed = await store.list();

      // Later migrations are rolled back first, then the stamps'.
      while (await knex.schema.hasTable('miniplanes_status_stamps'))
        await knex.migrate.down({ directory: migrationsDir });
      const rows = await knex('miniplanes_cluster_status')
        .select('cluster', 'last_sync_at')
        .orderBy('cluster');
      expect(rows.map(r => [r.cluster, iso(r.last_sync_at)])).toEqual([
        ['us-east', after],
        ['us-pet', before],
      ]);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await store.list()).toEqual(listed);
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
