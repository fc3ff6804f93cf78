import {
  computeOnlyService,
  migratedDatabase,
  storeTestDatabases,
} from '../__testUtils__/storeDatabases';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import { DatabaseMiniplanesStore } from './DatabaseMiniplanesStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

const spec = (name: string) => computeOnlyService(name);

/** A decision selecting `placed` among `a`, `b` and `c`. */
const decision = (...placed: string[]) =>
  ({
    satisfiable: true,
    clusters: ['a', 'b', 'c'].map(name => ({
      name,
      selected: placed.includes(name),
      reasons: [],
    })),
    unsatisfied: [],
    summary: [],
  } as unknown as PlacementDecision);

describe('the placed clusters the fleet page reads', () => {
  it.each(databases.eachSupportedId())(
    'follow every decision write, approvals included, and decisions written before the column (%p)',
    async (databaseId: TestDatabaseId) => {
      const { knex, database } = await migratedDatabase(databases, databaseId);
      const store = await DatabaseMiniplanesStore.create({ database });
      for (const name of ['ui', 'api', 'db'])
        await store.putSpec({
          entityRef: `component:default/${name}`,
          spec: spec(name),
          source: 'seed',
        });
      await store.setDecision('component:default/ui', 1, decision('a', 'b'));
      await store.setDecision('component:default/api', 1, decision('c'));
      // db has no decision yet: it is placed nowhere.
      expect(await store.listPlacedClusters()).toEqual([
        { entityRef: 'component:default/api', clusters: ['c'] },
        { entityRef: 'component:default/ui', clusters: ['a', 'b'] },
      ]);

      await store.createRequest({
        id: 'r1',
        entityRef: 'component:default/ui',
        status: 'pending',
        requestedBy: 'user:default/amy',
        reason: 'move',
        spec: spec('ui'),
        decision: decision('c'),
        diff: { changes: [], dataMoves: [], unchanged: false },
        checks: [],
        baseSpecVersion: 1,
        createdAt: '2026-12-03T10:00:00.000Z',
        updatedAt: '2026-12-03T10:00:00.000Z',
      });
      await store.approveRequest({
        requestId: 'r1',
        actor: 'user:default/pat',
        decision: decision('c'),
      });
      // A replica older than the column wrote api's decision.
      await knex('miniplanes_services')
        .where({ entity_ref: 'component:default/api' })
        .update({
          decision: JSON.stringify(decision('a')),
          placed_clusters: null,
        });

      expect(await store.listPlacedClusters()).toEqual([
        { entityRef: 'component:default/api', clusters: ['a'] },
        { entityRef: 'component:default/ui', clusters: ['c'] },
      ]);
    },
  );
});
