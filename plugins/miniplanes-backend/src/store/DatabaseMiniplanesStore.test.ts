import {
  computeOnlyService,
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { DatabaseMiniplanesStore } from './DatabaseMiniplanesStore';
import { migrationsDir } from './migrateMiniplanesDatabase';
import { PlacementRequest } from './MiniplanesStore';
import { uiRequest } from '../__testUtils__/uiRequest';

jest.setTimeout(60_000);

const spec = (replicas: number) => computeOnlyService('ui', replicas);

const decision = {
  satisfiable: true,
  clusters: [],
  unsatisfied: [],
  summary: [],
};

const request = (id: string, status: PlacementRequest['status'] = 'pending') =>
  uiRequest(id, {
    status,
    decision,
    checks: [{ name: 'governance', passed: true, message: 'no data' }],
  });

describe('DatabaseMiniplanesStore', () => {
  it.each(eachStoreDatabase())(
    'versions specs and keeps every version, on %p',
    onFreshDatabase(async ({ knex, database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      const first = await store.putSpec({
        entityRef: 'component:default/ui',
        spec: spec(2),
        source: 'seed',
      });
      expect(first.specVersion).toBe(1);
      const second = await store.putSpec({
        entityRef: 'component:default/ui',
        spec: spec(4),
        source: 'request',
        actor: 'user:default/pat',
        requestId: 'r1',
      });
      expect(second).toMatchObject({
        specVersion: 2,
        source: 'request',
        spec: spec(4),
      });
      expect(await store.setDecision('component:default/ui', 2, decision)).toBe(
        true,
      );
      expect(
        (await store.getService('component:default/ui'))!.decision,
      ).toEqual(decision);
      expect(await store.listServices()).toHaveLength(1);
      const versions = await knex('miniplanes_service_versions').orderBy(
        'spec_version',
      );
      expect(
        versions.map(v => [v.spec_version, v.created_by, v.request_id]),
      ).toEqual([
        [1, null, null],
        [2, 'user:default/pat', 'r1'],
      ]);
    }),
  );

  it.each(eachStoreDatabase())(
    'pages services by entity ref, each once, on %p',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      for (const name of ['c', 'a', 'e', 'b', 'd'])
        await store.putSpec({
          entityRef: `component:default/${name}`,
          spec: computeOnlyService(name, 1),
          source: 'seed',
        });
      const pages: string[][] = [];
      let after: string | undefined;
      do {
        const page = await store.pageServices({ limit: 2, after });
        pages.push(page.services.map(s => s.entityRef.slice(-1)));
        after = page.next;
      } while (after);

      expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
      expect((await store.listServices()).map(s => s.entityRef)).toEqual(
        ['a', 'b', 'c', 'd', 'e'].map(n => `component:default/${n}`),
      );
    }),
  );

  it.each(eachStoreDatabase())(
    'stores a request of an id once, and says whether it did, on %p',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      expect(await store.createRequestOnce(request('r1'))).toBe(true);
      const again = { ...request('r1'), reason: 'filed again' };
      expect(await store.createRequestOnce(again)).toBe(false);
      expect(await store.getRequest('r1')).toEqual(request('r1'));
    }),
  );

  it.each(eachStoreDatabase())(
    'moves a request only from the expected status, on %p',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      await store.createRequest(request('r1'));
      expect(await store.getRequest('r1')).toEqual(request('r1'));
      expect(
        await store.transitionRequest('r1', ['pending'], {
          status: 'approved',
          decidedBy: 'user:default/pat',
          comment: 'ok',
        }),
      ).toBe(true);
      // A second approver, or a withdrawal racing it, loses.
      expect(
        await store.transitionRequest('r1', ['pending'], {
          status: 'withdrawn',
        }),
      ).toBe(false);
      expect(await store.getRequest('r1')).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/pat',
        comment: 'ok',
      });
      await store.createRequest(request('r2'));
      expect(
        (await store.listRequests({ status: 'pending' })).map(r => r.id),
      ).toEqual(['r2']);
      expect(await store.countRequests('pending')).toBe(1);
      expect(await store.countRequests('approved')).toBe(1);
      expect(await store.countRequests('rejected')).toBe(0);
    }),
  );

  it.each(eachStoreDatabase())(
    'pages requests newest first, ties by id, none twice and none skipped when one is filed meanwhile, on %p',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      const at = (minute: number) =>
        `2026-11-23T10:${String(minute).padStart(2, '0')}:00.000Z`;
      // r3 and r4 were filed in the same millisecond: the id orders them.
      for (const [id, minute, status] of [
        ['r1', 1, 'pending'],
        ['r2', 2, 'approved'],
        ['r4', 3, 'pending'],
        ['r3', 3, 'pending'],
        ['r5', 5, 'pending'],
      ] as const)
        await store.createRequest({
          ...request(id, status),
          createdAt: at(minute),
        });
      const everyPage = async (
        filter: Parameters<typeof store.pageRequests>[0],
        limit: number,
        between?: () => Promise<void>,
      ) => {
        const pages: string[][] = [];
        let after: Parameters<typeof store.pageRequests>[1]['after'];
        do {
          const page = await store.pageRequests(filter, { limit, after });
          pages.push(page.requests.map(r => r.id));
          after = page.next;
          await between?.();
        } while (after);
        return pages;
      };

      expect(await everyPage({}, 2)).toEqual([
        ['r5', 'r3'],
        ['r4', 'r2'],
        ['r1'],
      ]);
      expect(await everyPage({ status: 'pending' }, 2)).toEqual([
        ['r5', 'r3'],
        ['r4', 'r1'],
      ]);
      // A full last page says there is no next one.
      expect(await everyPage({ status: 'pending' }, 4)).toEqual([
        ['r5', 'r3', 'r4', 'r1'],
      ]);
      expect(
        await everyPage({ entityRef: 'component:default/other' }, 2),
      ).toEqual([[]]);
      expect((await store.listRequests({})).map(r => r.id)).toEqual([
        'r5',
        'r3',
        'r4',
        'r2',
        'r1',
      ]);

      let filed = 5;
      const fileOne = async () => {
        filed += 1;
        await store.createRequest({
          ...request(`r${filed}`),
          createdAt: at(filed),
        });
      };
      expect(await everyPage({}, 2, fileOne)).toEqual([
        ['r5', 'r3'],
        ['r4', 'r2'],
        ['r1'],
      ]);
    }),
  );

  it.each(eachStoreDatabase())(
    "pages a service's history, newest first, on %p",
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      for (const [entityRef, message] of [
        ['component:default/ui', 'one'],
        ['component:default/other', 'not ui'],
        ['component:default/ui', 'two'],
        ['component:default/ui', 'three'],
      ])
        await store.addEvent({ entityRef, type: 'sync.drift', message });
      const messages = (page: { events: { message: string }[] }) =>
        page.events.map(e => e.message);

      const newest = await store.pageEvents('component:default/ui', {
        limit: 2,
      });
      expect(messages(newest)).toEqual(['two', 'three']);
      expect(newest.more).toBe(true);
      const older = await store.pageEvents('component:default/ui', {
        limit: 2,
        beforeId: newest.events[0].id,
      });
      expect(messages(older)).toEqual(['one']);
      expect(older.more).toBe(false);
      const all = await store.pageEvents('component:default/ui', { limit: 3 });
      expect(messages(all)).toEqual(['one', 'two', 'three']);
      expect(all.more).toBe(false);
    }),
  );

  it.each(eachStoreDatabase())(
    'keeps an event history, on %p',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseMiniplanesStore.create({ database });
      await store.addEvent({
        entityRef: 'component:default/ui',
        type: 'request.filed',
        actor: 'user:default/amy',
        message: 'filed',
        requestId: 'r1',
      });
      await store.addEvent({
        entityRef: 'component:default/ui',
        type: 'sync.drift',
        message: 'restored image',
        details: { cluster: 'us-east' },
      });
      expect(
        (await store.listEvents({ entityRef: 'component:default/ui' })).map(
          e => e.type,
        ),
      ).toEqual(['request.filed', 'sync.drift']);
      expect(await store.listEvents({ requestId: 'r1' })).toHaveLength(1);
    }),
  );

  it.each(eachStoreDatabase())(
    'migrates down and up again, on %p',
    onFreshDatabase(async ({ knex, database }) => {
      // Creating a store migrates its database to the latest schema.
      await DatabaseMiniplanesStore.create({ database });
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('miniplanes_requests')).toBe(false);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('miniplanes_requests')).toBe(true);
    }),
  );
});
