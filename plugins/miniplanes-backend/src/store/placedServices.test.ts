import {
  computeOnlyService,
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { storeOnTestClock } from '../__testUtils__/storeOnTestClock';
import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import { DatabaseMiniplanesStore } from './DatabaseMiniplanesStore';

jest.setTimeout(60_000);

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

const byCluster = (...entries: [string, string[]][]) => new Map(entries);

describe('the placed services the fleet page reads', () => {
  it.each(eachStoreDatabase())(
    'follow every decision write, approvals included, and decisions written before the column (%p)',
    onFreshDatabase(async ({ knex, database }) => {
      const { store, clock } = await storeOnTestClock(
        DatabaseMiniplanesStore,
        database,
      );
      for (const name of ['ui', 'api', 'db'])
        await store.putSpec({
          entityRef: `component:default/${name}`,
          spec: spec(name),
          source: 'seed',
        });
      await store.setDecision('component:default/ui', 1, decision('a', 'b'));
      await store.setDecision('component:default/api', 1, decision('c'));
      // db has no decision yet: it is placed nowhere.
      expect(await store.placedServices()).toEqual({
        services: ['component:default/api', 'component:default/ui'],
        byCluster: byCluster(
          ['a', ['component:default/ui']],
          ['b', ['component:default/ui']],
          ['c', ['component:default/api']],
        ),
      });

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
      expect((await store.placedServices()).byCluster).toEqual(
        byCluster(['c', ['component:default/api', 'component:default/ui']]),
      );

      // A replica older than the column wrote api's decision: seen at the
      // next full read.
      await knex('miniplanes_services')
        .where({ entity_ref: 'component:default/api' })
        .update({
          decision: JSON.stringify(decision('a')),
          placed_clusters: null,
        });
      clock.advance(5 * 60_000);
      expect(await store.placedServices()).toEqual({
        services: ['component:default/api', 'component:default/ui'],
        byCluster: byCluster(
          ['a', ['component:default/api']],
          ['c', ['component:default/ui']],
        ),
      });
    }),
  );

  it.each(eachStoreDatabase())(
    "see every replica's writes, reading only the services placed since they last looked (%p)",
    onFreshDatabase(async ({ knex, database }) => {
      const one = await DatabaseMiniplanesStore.create({ database });
      const two = await DatabaseMiniplanesStore.create({ database });
      for (const name of ['ui', 'api', 'db'])
        await one.putSpec({
          entityRef: `component:default/${name}`,
          spec: spec(name),
          source: 'seed',
        });
      await one.setDecision('component:default/ui', 1, decision('a'));
      await one.setDecision('component:default/api', 1, decision('a'));
      expect((await two.placedServices()).services).toHaveLength(2);

      const serviceRowsRead: number[] = [];
      const count = (response: unknown[], query: { sql: string }) => {
        if (/from .miniplanes_services./.test(query.sql))
          serviceRowsRead.push(response.length);
      };
      knex.on('query-response', count);
      try {
        expect((await two.placedServices()).byCluster.get('a')).toEqual([
          'component:default/api',
          'component:default/ui',
        ]);
        expect(serviceRowsRead).toEqual([]);

        await one.setDecision('component:default/db', 1, decision('b'));
        // A decision for an older spec is not written, nor counted.
        expect(
          await one.setDecision('component:default/ui', 7, decision('c')),
        ).toBe(false);
        const placed = await two.placedServices();
        expect(placed.byCluster.get('b')).toEqual(['component:default/db']);
        expect(placed.byCluster.has('c')).toBe(false);
        expect(serviceRowsRead).toEqual([1]);
      } finally {
        knex.off('query-response', count);
      }
    }),
  );
});
