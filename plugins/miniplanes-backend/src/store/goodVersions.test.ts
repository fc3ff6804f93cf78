import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import {
  computeOnlyService,
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { DatabaseMiniplanesStore } from './DatabaseMiniplanesStore';

jest.setTimeout(60_000);

const ref = (name: string) => `component:default/${name}`;

/** A decision placing the service on the named clusters. */
const placing = (...clusters: string[]): PlacementDecision => ({
  satisfiable: true,
  clusters: clusters.map(name => ({
    name,
    selected: true,
    replicas: { data: 0, compute: 1, config: 0 },
    roles: ['compute'],
    reasons: [{ code: 'Selected', message: 'chosen' }],
    score: { total: 100, breakdown: {} },
    labels: { jurisdiction: 'US' },
  })),
  unsatisfied: [],
  summary: [{ role: 'compute', clusters, replicas: clusters.length }],
});

describe("the services' good versions", () => {
  it.each(eachStoreDatabase())(
    'of many services are written at once: one statement on PostgreSQL, one transaction on SQLite (%p)',
    onFreshDatabase(async ({ knex, database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      const names = ['a', 'b', 'c', 'd', 'e'];
      for (const name of names)
        await store.putSpec({
          entityRef: ref(name),
          spec: computeOnlyService(name),
          source: 'seed',
        });
      const writes: string[] = [];
      const log = (query: { sql: string }) => {
        if (!/^\s*select/i.test(query.sql)) writes.push(query.sql);
      };
      knex.on('query', log);
      await store.setGoodVersions(
        names.map((name, i) => ({
          entityRef: ref(name),
          specVersion: 1,
          decision: placing(`cluster-${i}`),
        })),
      );
      knex.off('query', log);

      const onPostgres = knex.client.dialect === 'postgresql';
      expect({
        updates: writes.filter(sql => /^\s*update/i.test(sql)).length,
        json: writes.some(sql => /json_populate_recordset/.test(sql)),
        transactions: writes.filter(sql => /^begin/i.test(sql)).length,
      }).toEqual(
        onPostgres
          ? { updates: 1, json: true, transactions: 0 }
          : { updates: names.length, json: false, transactions: 1 },
      );
      for (const [i, name] of names.entries()) {
        const service = await store.getService(ref(name));
        expect(service?.goodSpecVersion).toBe(1);
        expect(service?.goodDecision?.clusters.map(c => c.name)).toEqual([
          `cluster-${i}`,
        ]);
      }
    }),
  );

  it.each(eachStoreDatabase())(
    'bring back no service deleted meanwhile, and of two for one service keep the last (%p)',
    onFreshDatabase(async ({ knex, database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      await store.putSpec({
        entityRef: ref('kept'),
        spec: computeOnlyService('kept'),
        source: 'seed',
      });

      await store.setGoodVersions([
        { entityRef: ref('kept'), specVersion: 1, decision: placing('old') },
        { entityRef: ref('gone'), specVersion: 1, decision: placing('x') },
        { entityRef: ref('kept'), specVersion: 1, decision: placing('new') },
      ]);

      expect(
        (await knex('miniplanes_services').select('entity_ref')).map(
          row => row.entity_ref,
        ),
      ).toEqual([ref('kept')]);
      const kept = await store.getService(ref('kept'));
      expect(kept?.goodDecision?.clusters.map(c => c.name)).toEqual(['new']);
    }),
  );
});
