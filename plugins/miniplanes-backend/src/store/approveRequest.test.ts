import { DatabaseService } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  computeOnlyService,
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { Knex } from 'knex';
import { DatabaseMiniplanesStore } from './DatabaseMiniplanesStore';
import { uiRequest } from '../__testUtils__/uiRequest';

jest.setTimeout(60_000);

const ENTITY = 'component:default/ui';

const spec = (replicas: number) => computeOnlyService('ui', replicas);

const decision = (replicas: number) => ({
  satisfiable: true,
  clusters: [],
  unsatisfied: [],
  summary: [{ role: 'compute' as const, clusters: ['a'], replicas }],
});

const request = (id: string) => uiRequest(id, { decision: decision(3) });

/** Makes the database refuse any new spec version, as a crash mid-approval would leave it. */
async function failVersionWrites(knex: Knex, databaseId: TestDatabaseId) {
  if (databaseId === 'SQLITE_3') {
    await knex.raw(`CREATE TRIGGER crash BEFORE INSERT ON miniplanes_service_versions
      BEGIN SELECT RAISE(ABORT, 'crash'); END`);
  } else {
    await knex.raw(`CREATE FUNCTION crash() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'crash'; END $$ LANGUAGE plpgsql`);
    await knex.raw(`CREATE TRIGGER crash BEFORE INSERT ON miniplanes_service_versions
      FOR EACH ROW EXECUTE FUNCTION crash()`);
  }
}

async function healVersionWrites(knex: Knex, databaseId: TestDatabaseId) {
  if (databaseId === 'SQLITE_3') await knex.raw('DROP TRIGGER crash');
  else await knex.raw('DROP TRIGGER crash ON miniplanes_service_versions');
}

describe('approving a request in one transaction', () => {
  /** A store on the database holding ui at version 1, decided, and request r1 to approve. */
  async function setUp(database: DatabaseService) {
    const store = await DatabaseMiniplanesStore.create({ database });
    await store.putSpec({ entityRef: ENTITY, spec: spec(2), source: 'seed' });
    await store.setDecision(ENTITY, 1, decision(2));
    await store.createRequest(request('r1'));
    return store;
  }

  const approval = {
    requestId: 'r1',
    actor: 'user:default/pat',
    comment: 'ok',
    decision: decision(3),
  };

  it.each(eachStoreDatabase())(
    'leaves nothing approved when the spec write fails, on %p',
    onFreshDatabase(async ({ databaseId, knex, database }) => {
      const store = await setUp(database);
      await failVersionWrites(knex, databaseId);
      // Matched by message: better-sqlite3's native code raises errors of the
      // first test file's realm, which are no Error of this one.
      await expect(store.approveRequest(approval)).rejects.toMatchObject({
        message: expect.stringMatching(/crash/),
      });
      expect((await store.getRequest('r1'))!.status).toBe('pending');
      const service = (await store.getService(ENTITY))!;
      expect(service.specVersion).toBe(1);
      expect(service.decision).toEqual(decision(2));
      expect(
        (await store.listEvents({ requestId: 'r1' })).map(e => e.type),
      ).toEqual([]);

      await healVersionWrites(knex, databaseId);
      const { specVersion } = await store.approveRequest(approval);
      expect(specVersion).toBe(2);
      expect(await store.specVersionOfRequest('r1')).toBe(2);
      const approved = (await store.getService(ENTITY))!;
      expect(approved).toMatchObject({ specVersion: 2, spec: spec(3) });
      expect(approved.decision).toEqual(decision(3));
      expect((await store.getRequest('r1'))!).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/pat',
      });
    }),
  );

  it.each(eachStoreDatabase())(
    'refuses a request whose service moved on since it was filed, and one decided meanwhile, on %p',
    onFreshDatabase(async ({ database, another }) => {
      const store = await setUp(database);
      await store.putSpec({ entityRef: ENTITY, spec: spec(4), source: 'api' });
      await expect(store.approveRequest(approval)).rejects.toThrow(
        /changed since this request was filed/,
      );
      expect((await store.getRequest('r1'))!.status).toBe('pending');

      const other = await setUp((await another()).database);
      await other.transitionRequest('r1', ['pending'], {
        status: 'withdrawn',
      });
      await expect(other.approveRequest(approval)).rejects.toThrow(
        /no longer pending/,
      );
      expect((await other.getService(ENTITY))!.specVersion).toBe(1);
    }),
  );

  it.each(eachStoreDatabase())(
    'writes a decision only for the spec version it was computed from, on %p',
    onFreshDatabase(async ({ database }) => {
      const store = await setUp(database);
      await store.approveRequest(approval);
      // A decision computed for version 1 arrives late: refused.
      expect(await store.setDecision(ENTITY, 1, decision(9))).toBe(false);
      expect((await store.getService(ENTITY))!.decision).toEqual(decision(3));
      expect(await store.setDecision(ENTITY, 2, decision(5))).toBe(true);
      expect((await store.getService(ENTITY))!).toMatchObject({
        decision: decision(5),
        decisionSpecVersion: 2,
      });
    }),
  );
});
