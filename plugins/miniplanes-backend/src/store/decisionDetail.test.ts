import { DatabaseService } from '@backstage/backend-plugin-api';
import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import { Knex } from 'knex';
import {
  computeOnlyService,
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { storeOnTestClock } from '../__testUtils__/storeOnTestClock';
import { DatabaseMiniplanesStore } from './DatabaseMiniplanesStore';
import { decisionDigest } from './decisionColumns';
import { migrationsDir } from './migrateMiniplanesDatabase';

jest.setTimeout(60_000);

const ui = 'component:default/ui';

/** A store on the database, holding spec version 1 of ui. */
async function storeWithUi(database: DatabaseService) {
  const store = await DatabaseMiniplanesStore.create({ database });
  await store.putSpec({
    entityRef: ui,
    spec: computeOnlyService('ui'),
    source: 'seed',
  });
  return store;
}

/** Migrates down to the schema before the decision detail. */
async function beforeDetail(knex: Knex) {
  while (await knex.schema.hasColumn('miniplanes_services', 'decision_detail'))
    await knex.migrate.down({ directory: migrationsDir });
}

/** A decision over clusters a to e placing `placed`, every other cluster explained. */
const decision = (...placed: string[]): PlacementDecision => ({
  satisfiable: true,
  clusters: ['a', 'b', 'c', 'd', 'e'].map(name => {
    const selected = placed.includes(name);
    return {
      name,
      selected,
      replicas: { data: 0, compute: selected ? 1 : 0, config: 0 },
      roles: selected ? ['compute'] : [],
      reasons: [
        selected
          ? { code: 'Selected', message: 'chosen' }
          : { code: 'Capability', message: `${name} misses gpu` },
      ],
      score: { total: selected ? 100 : 0, breakdown: {} },
      labels: { jurisdiction: 'US' },
    };
  }),
  unsatisfied: [],
  summary: [{ role: 'compute', clusters: placed, replicas: placed.length }],
});
const names = (d: PlacementDecision | undefined) =>
  d?.clusters.map(c => c.name);

describe('a stored decision', () => {
  it.each(eachStoreDatabase())(
    'is read with the clusters it places, and whole when asked, on %p',
    onFreshDatabase(async ({ database }) => {
      const store = await storeWithUi(database);
      await store.setDecision(ui, 1, decision('b', 'd'));

      const placed = await store.getService(ui);
      expect(names(placed?.decision)).toEqual(['b', 'd']);
      expect(placed?.decision?.summary).toEqual(decision('b', 'd').summary);
      expect(placed?.decisionDigest).toBe(decisionDigest(decision('b', 'd')));
      expect(names((await store.listServices())[0].decision)).toEqual([
        'b',
        'd',
      ]);

      expect(
        (await store.getService(ui, { fullDecision: true }))?.decision,
      ).toEqual(decision('b', 'd'));
      expect(
        (await store.listServices({ fullDecision: true }))[0].decision,
      ).toEqual(decision('b', 'd'));

      await store.setGoodVersions([
        { entityRef: ui, specVersion: 1, decision: decision('b', 'd') },
      ]);
      expect(names((await store.getService(ui))?.goodDecision)).toEqual([
        'b',
        'd',
      ]);
    }),
  );

  it.each(eachStoreDatabase())(
    'written whole by an older replica is read as written, its digest unknown, on %p',
    onFreshDatabase(async ({ knex, database }) => {
      const store = await storeWithUi(database);
      await store.setDecision(ui, 1, decision('b'));
      // A replica that knows neither column writes a whole decision.
      await knex('miniplanes_services')
        .where({ entity_ref: ui })
        .update({ decision: JSON.stringify(decision('c')) });

      const service = await store.getService(ui);
      expect(names(service?.decision)).toEqual(['c']);
      expect(service?.decisionDigest).toBeUndefined();
      expect(
        (await store.getService(ui, { fullDecision: true }))?.decision,
      ).toEqual(decision('c'));

      // Its placed lines only, with a detail left from another decision.
      await knex('miniplanes_services')
        .where({ entity_ref: ui })
        .update({
          decision: JSON.stringify({
            ...decision('e'),
            clusters: decision('e').clusters.filter(c => c.selected),
          }),
        });
      expect(
        names((await store.getService(ui, { fullDecision: true }))?.decision),
      ).toEqual(['e']);
    }),
  );

  it.each(eachStoreDatabase())(
    'written before the detail existed moves there when the database migrates, and back, on %p',
    onFreshDatabase(async ({ knex, database }) => {
      const store = await storeWithUi(database);
      await beforeDetail(knex);
      await knex('miniplanes_services')
        .where({ entity_ref: ui })
        .update({ decision: JSON.stringify(decision('a', 'e')) });
      await knex.migrate.latest({ directory: migrationsDir });

      const row = await knex('miniplanes_services')
        .where({ entity_ref: ui })
        .first('decision');
      expect(names(JSON.parse(row.decision))).toEqual(['a', 'e']);
      const service = await store.getService(ui, { fullDecision: true });
      expect(service?.decision).toEqual(decision('a', 'e'));
      expect(service?.decisionDigest).toBe(decisionDigest(decision('a', 'e')));

      await beforeDetail(knex);
      const restored = await knex('miniplanes_services')
        .where({ entity_ref: ui })
        .first('decision');
      expect(JSON.parse(restored.decision)).toEqual(decision('a', 'e'));
    }),
  );

  it.each(eachStoreDatabase())(
    'written at or after an instant is what a catch-up round reads, on %p',
    onFreshDatabase(async ({ database }) => {
      const { store, clock } = await storeOnTestClock(
        DatabaseMiniplanesStore,
        database,
      );
      for (const name of ['c', 'a', 'b']) {
        await store.putSpec({
          entityRef: `component:default/${name}`,
          spec: computeOnlyService(name),
          source: 'seed',
        });
        clock.advance(1000);
      }
      const since = new Date(clock.now().getTime() - 1000);
      await store.setDecision('component:default/c', 1, decision('a'));
      const changed = await store.listServicesUpdatedSince(since);
      expect(changed.map(s => s.entityRef)).toEqual([
        'component:default/b',
        'component:default/c',
      ]);
      expect(names(changed[1].decision)).toEqual(['a']);
      expect(
        await store.listServicesUpdatedSince(
          new Date(clock.now().getTime() + 1),
        ),
      ).toEqual([]);
    }),
  );
});
