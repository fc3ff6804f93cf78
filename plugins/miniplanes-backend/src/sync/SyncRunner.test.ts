import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import {
  migratedDatabase,
  storeTestDatabases,
} from '../__testUtils__/storeDatabases';
import { DatabaseSyncLease } from '../store/DatabaseSyncLease';
import { PlacementRequest } from '@miniplanes/plugin-miniplanes-common';
import { StoredService } from '../store/MiniplanesStore';
import { SyncRunner } from './SyncRunner';
import { SyncPassResult } from './SyncService';

jest.setTimeout(60_000);

const databases = storeTestDatabases();
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const RESULT: SyncPassResult = {
  services: 0,
  clusters: 0,
  writes: 0,
  errors: 0,
};

/**
 * A sync that records when each pass ran, on which replica, over what, and
 * counts the overlaps the runner must never allow: passes of two replicas at
 * once, and two periodic or two immediate passes of one replica at once (an
 * immediate pass may run beside its replica's periodic one).
 */
class RecordingSync {
  readonly passes: {
    replica: string;
    start: number;
    end: number;
    services?: string[];
  }[] = [];
  private readonly running: { replica: string; periodic: boolean }[] = [];
  overlaps = 0;

  constructor(private readonly passMs: () => number) {}

  for(replica: string) {
    const pass = async (services?: StoredService[], signal?: AbortSignal) => {
      const periodic = services === undefined;
      if (
        this.running.some(r => r.replica !== replica || r.periodic === periodic)
      )
        this.overlaps += 1;
      const me = { replica, periodic };
      this.running.push(me);
      const start = Date.now();
      await sleep(this.passMs());
      this.running.splice(this.running.indexOf(me), 1);
      this.passes.push({
        replica,
        start,
        end: Date.now(),
        services: services?.map(s => s.entityRef),
      });
      return { ...RESULT, aborted: signal?.aborted };
    };
    return {
      syncAll: (signal?: AbortSignal) => pass(undefined, signal),
      syncServices: (services: StoredService[], signal?: AbortSignal) =>
        pass(services, signal),
    };
  }
}

function storeWith(approved: () => string[]) {
  return {
    getService: async (entityRef: string) =>
      ({ entityRef } as unknown as StoredService),
    listRequests: async (filter: { entityRef?: string }) =>
      approved()
        .filter(ref => ref === filter.entityRef)
        .map(entityRef => ({ entityRef } as unknown as PlacementRequest)),
  };
}

/** A replica's runner, with a lease of its own on the shared database. */
async function runnerOn(
  database: DatabaseService,
  sync: ConstructorParameters<typeof SyncRunner>[0]['sync'],
  options: {
    approved?: () => string[];
    leaseMs?: number;
    followUpMs?: number[];
  } = {},
) {
  return new SyncRunner({
    sync,
    store: storeWith(options.approved ?? (() => [])),
    lease: await DatabaseSyncLease.create({ database }),
    logger: mockServices.logger.mock(),
    leaseMs: options.leaseMs,
    followUpMs: options.followUpMs,
  });
}

describe('SyncRunner', () => {
  it.each(databases.eachSupportedId())(
    'never lets two replicas pass at once, whatever mix of scheduled and immediate passes they start (%p)',
    async (databaseId: TestDatabaseId) => {
      const { database } = await migratedDatabase(databases, databaseId);
      const sync = new RecordingSync(() => 5 + Math.floor(Math.random() * 20));
      const replicas = [];
      for (const name of ['a', 'b']) {
        replicas.push(await runnerOn(database, sync.for(name)));
      }
      const runs: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i += 1) {
        const replica = replicas[i % 2];
        runs.push(
          i % 3 === 0
            ? replica.runScheduled()
            : replica.runNow([`component:default/s${i}`]),
        );
        await sleep(Math.random() * 10);
      }
      await Promise.all(runs);

      expect(sync.overlaps).toBe(0);
      // Two replicas' passes never intersect.
      const clashes = sync.passes.flatMap(a =>
        sync.passes.filter(
          b =>
            a !== b &&
            a.replica !== b.replica &&
            a.start <= b.start &&
            b.start < a.end,
        ),
      );
      expect(clashes).toEqual([]);
      // Every service asked for was passed.
      const passed = new Set(sync.passes.flatMap(p => p.services ?? []));
      const asked = Array.from({ length: 40 }, (_, i) => i)
        .filter(i => i % 3 !== 0)
        .map(i => `component:default/s${i}`);
      expect(asked.filter(ref => !passed.has(ref))).toEqual([]);
      replicas.forEach(r => r.stop());
    },
  );

  it('runs an approval’s pass as soon as the other replica’s pass ends, not at the next schedule', async () => {
    const { database } = await migratedDatabase(databases, 'SQLITE_3');
    const sync = new RecordingSync(() => 300);
    const scheduled = await runnerOn(database, sync.for('scheduled'));
    const approving = await runnerOn(database, sync.for('approving'));
    const long = scheduled.runScheduled();
    await sleep(50);
    expect(await approving.runNow(['component:default/ui'])).toBe(true);
    await long;
    const [first, second] = sync.passes;
    expect(first.replica).toBe('scheduled');
    expect(second).toMatchObject({
      replica: 'approving',
      services: ['component:default/ui'],
    });
    expect(second.start - first.end).toBeLessThan(200);
  });

  it('runs an approval’s pass at once beside its replica’s periodic pass, once that pass has handed the service over', async () => {
    const { database } = await migratedDatabase(databases, 'SQLITE_3');
    const events: string[] = [];
    const log = (event: string) => events.push(event);
    const runner = await runnerOn(database, {
      // The periodic pass works on ui for 100 ms, then on the rest for 300 ms.
      syncAll: async (_signal, handover) => {
        log('periodic starts');
        await handover!.working(['component:default/ui'], () => sleep(100));
        log('periodic leaves ui');
        if (!handover!.isTaken('component:default/ui'))
          log('periodic records ui');
        await sleep(300);
        log('periodic ends');
        return RESULT;
      },
      syncServices: async services => {
        log(`beside starts: ${services.map(s => s.entityRef)}`);
        await sleep(150);
        log('beside ends');
        return RESULT;
      },
    });
    const other = await runnerOn(database, {
      syncAll: async () => {
        log('other replica starts');
        return RESULT;
      },
      syncServices: async () => RESULT,
    });
    const periodic = runner.runScheduled();
    await sleep(30);
    const started = Date.now();
    const immediate = runner.runNow(['component:default/ui']);
    await sleep(20);
    const waiting = other.runScheduled();
    expect(await immediate).toBe(true);
    // It waited for the work under way on ui, not for the whole pass.
    expect(Date.now() - started).toBeLessThan(350);
    await Promise.all([periodic, waiting]);
    expect(events).toEqual([
      'periodic starts',
      'periodic leaves ui',
      'beside starts: component:default/ui',
      'beside ends',
      'periodic ends',
      // The lease was held until both ended.
      'other replica starts',
    ]);
    runner.stop();
  });

  it('takes over the lease of a replica that died holding it once its claim lapses', async () => {
    const { database } = await migratedDatabase(databases, 'SQLITE_3');
    const lease = await DatabaseSyncLease.create({ database });
    // The dead replica's claim, never released.
    expect(await lease.acquire('dead-replica', 400)).toBe(true);
    const sync = new RecordingSync(() => 1);
    const survivor = await runnerOn(database, sync.for('survivor'), {
      leaseMs: 2_000,
    });
    const started = Date.now();
    await survivor.runScheduled();
    expect(sync.passes).toHaveLength(1);
    expect(sync.passes[0].start - started).toBeGreaterThanOrEqual(350);
  });

  it('stops a pass whose lease another replica took after it lapsed', async () => {
    const lease = {
      held: true,
      acquire: async () => lease.held,
      release: async () => {},
    };
    let signal: AbortSignal | undefined;
    const runner = new SyncRunner({
      sync: {
        syncAll: async pass => {
          signal = pass;
          await sleep(400);
          return RESULT;
        },
        syncServices: async () => RESULT,
      },
      store: storeWith(() => []),
      lease,
      logger: mockServices.logger.mock(),
      leaseMs: 150,
    });
    const run = runner.runScheduled();
    await sleep(20);
    expect(signal?.aborted).toBe(false);
    lease.held = false;
    await run;
    expect(signal?.aborted).toBe(true);
  });

  it('passes an approved service again while its request waits, and stops once it is settled', async () => {
    const { database } = await migratedDatabase(databases, 'SQLITE_3');
    const sync = new RecordingSync(() => 1);
    let approved = ['component:default/ui'];
    const runner = await runnerOn(database, sync.for('a'), {
      approved: () => approved,
      followUpMs: [20, 20, 20, 20, 20, 20],
    });
    await runner.runNow(['component:default/ui']);
    await sleep(100);
    // Followed up while the request is approved...
    expect(sync.passes.length).toBeGreaterThanOrEqual(2);
    approved = [];
    await sleep(100);
    const settled = sync.passes.length;
    await sleep(150);
    // ...and no more once it is settled.
    expect(sync.passes).toHaveLength(settled);
    expect(settled).toBeLessThan(7);
    runner.stop();
  });
});
