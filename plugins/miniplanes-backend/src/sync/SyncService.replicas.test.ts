import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import { LifecycleServiceShutdownHook } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { SimulatedFleet } from '@miniplanes/kube-sim';
import knexFactory, { Knex } from 'knex';
import { startSync } from './startSync';
import { shardIndexOf } from '../store/syncShards';
import { SyncService } from './SyncService';
import {
  exampleService,
  startDemoFleet,
  startSyncReplica,
  SyncReplica,
} from '../__testUtils__/syncHarness';
import { approvedRequest } from '../__testUtils__/sync/approvedRequest';
import {
  ClusterWrite,
  writesFromNow,
} from '../__testUtils__/sync/clusterWrites';
import { readLive } from '../__testUtils__/sync/liveObjects';
import { serviceStatusOf } from '../__testUtils__/sync/serviceStatusOf';
import { sleep } from '../__testUtils__/sync/syncPasses';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
// Replicas share a database only through a server; skipped without PostgreSQL.
const describeOnPostgres = databases.supports('POSTGRES_15')
  ? describe
  : describe.skip;

const STORAGE = 'component:default/storage';
const UI = 'component:default/ui';
const STORAGE_CLUSTERS = ['us-east', 'us-pet'];
const UI_CLUSTERS = ['ap-gpu', 'eu-west', 'us-east', 'us-pet'];

async function eventually(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 45_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what}`);
    await sleep(200);
  }
}

function countByObject(writes: ClusterWrite[]) {
  const counts = new Map<string, number>();
  for (const w of writes) {
    const key = `${w.cluster} ${w.kind} ${w.namespace ?? ''}/${w.name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** A second connection pool on the same database, as another process has. */
function sameDatabase(knex: Knex): Knex {
  return knexFactory(knex.client.config);
}

function deploymentIn(replica: SyncReplica, cluster: string, name: string) {
  return readLive(replica, cluster, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name,
    namespace: 'miniplanes',
  });
}

/** ui with a new image: one changed Deployment per placed cluster. */
function uiVersion2() {
  const ui = exampleService('ui');
  return {
    ...ui,
    spec: {
      ...ui.spec,
      resources: ui.spec.resources.map(r => {
        const manifest = r.manifest as any;
        if (manifest.kind !== 'Deployment') return r;
        const containers = manifest.spec.template.spec.containers.map(
          (c: any) => ({ ...c, image: `${c.image}-v2` }),
        );
        return {
          ...r,
          manifest: {
            ...manifest,
            spec: {
              ...manifest.spec,
              template: {
                ...manifest.spec.template,
                spec: { ...manifest.spec.template.spec, containers },
              },
            },
          },
        };
      }),
    },
  };
}

/** The plugin's scheduler, as each backend replica creates it on the shared database. */
function replicaScheduler(replica: SyncReplica, knex: Knex) {
  const shutdownHooks: LifecycleServiceShutdownHook[] = [];
  const scheduler = DefaultSchedulerService.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
    logger: replica.logger,
    metrics: metricsServiceMock.mock({
      createCounter: () => ({ add: () => {} }),
      createHistogram: () => ({ record: () => {} }),
      createGauge: () => ({ record: () => {} }),
    }),
    rootLifecycle: mockServices.rootLifecycle.mock({
      addShutdownHook: hook => {
        shutdownHooks.push(hook);
      },
    }),
    httpRouter: mockServices.httpRouter.mock(),
    pluginMetadata: { getId: () => 'miniplanes' },
  });
  const shutdown = async () => {
    for (const hook of shutdownHooks) await hook();
  };
  return { scheduler, shutdown };
}

interface Run {
  replica: string;
  /** The shard whose sync made the pass. */
  shard: number;
  start: number;
  end: number;
  writes: number;
  /** Part of a periodic pass, which may hand services to an approval's pass beside it. */
  periodic: boolean;
}

/**
 * Records every pass a shard's sync makes, whoever starts it: the scheduled
 * pass and its catch-up rounds, and the passes approvals start, all go
 * through syncServices.
 */
function recordPasses(
  name: string,
  shard: number,
  sync: SyncService,
  runs: Run[],
) {
  const syncServices = sync.syncServices.bind(sync);
  let running = 0;
  jest.spyOn(sync, 'syncServices').mockImplementation(async (...args) => {
    const start = Date.now();
    running += 1;
    try {
      const result = await syncServices(...args);
      runs.push({
        replica: name,
        shard,
        start,
        end: Date.now(),
        writes: result.writes,
        periodic: args[2] !== undefined,
      });
      return result;
    } finally {
      running -= 1;
    }
  });
  return { running: () => running };
}

/**
 * A replica whose sync runs as the plugin runs it (startSync): scheduled on
 * its own scheduler, one task a shard, and at once for approvals, under the
 * shards' leases.
 */
async function startScheduledReplica(
  name: string,
  sim: SimulatedFleet,
  knex: Knex,
  runs: Run[],
  shards = 1,
) {
  const replica = await startSyncReplica({ sim, knex });
  const { scheduler, shutdown: stopScheduler } = replicaScheduler(
    replica,
    knex,
  );
  const sync = await startSync({
    wiring: replica.syncWiring,
    database: mockServices.database({ knex, migrations: { skip: false } }),
    scheduler,
    store: replica.store,
    logger: replica.logger,
    config: {
      frequency: { seconds: 1 },
      timeout: { minutes: 1 },
      failoverGracePeriodMs: 60_000,
      concurrencyPerCluster: 8,
      callTimeoutMs: 3000,
      relistIntervalMs: 180_000,
      shards,
    },
  });
  const passes = sync.syncs.map((shardSync, shard) =>
    recordPasses(name, shard, shardSync, runs),
  );
  const shutdown = async () => {
    sync.stop();
    await stopScheduler();
  };
  return {
    replica,
    kick: sync.kick,
    runNow: sync.runNow,
    shutdown,
    running: () => passes.reduce((n, p) => n + p.running(), 0),
  };
}

type ScheduledReplica = Awaited<ReturnType<typeof startScheduledReplica>>;

/**
 * Two scheduled replicas on the shared database, started one after the
 * other as a rolling deployment does (migrations do not race), each with
 * `shards` shards. storage is filed on one and ui on the other; once a pass
 * applies, ui's version 2, announced to both replicas at once and passed at
 * once on both, as approvals do.
 */
async function twoReplicasFileThenChangeUi(
  sim: SimulatedFleet,
  pools: Knex[],
  shards = 1,
) {
  const runs: Run[] = [];
  const a = await startScheduledReplica('a', sim, pools[0], runs, shards);
  const b = await startScheduledReplica('b', sim, pools[1], runs, shards);
  const sinceStart = writesFromNow(sim);
  await a.replica.placement.putSpec({
    spec: exampleService('storage'),
    source: 'api',
  });
  await b.replica.placement.putSpec({
    spec: exampleService('ui'),
    source: 'api',
  });
  a.kick();
  b.kick();
  await eventually(
    'a pass to be applying',
    async () => sinceStart().length > 0,
  );
  await b.replica.placement.putSpec({ spec: uiVersion2(), source: 'api' });
  const changedAt = Date.now();
  a.kick();
  b.kick();
  const immediate = [a.runNow(UI), b.runNow(UI)];
  return { runs, a, b, replicas: [a, b], sinceStart, changedAt, immediate };
}

/** Whether storage and ui are in sync, ui at version 2 wherever it is placed. */
async function inSyncWithUiVersion2(a: ScheduledReplica, b: ScheduledReplica) {
  const [storage, ui] = await Promise.all([
    serviceStatusOf(a.replica, STORAGE),
    serviceStatusOf(b.replica, UI),
  ]);
  return (
    storage.state === 'InSync' &&
    ui.state === 'InSync' &&
    ui.clusters.every(c => !c.placed || c.specVersion === 2)
  );
}

/**
 * The passes never ran at once but as allowed (clashesIn), and what the
 * clusters received from storage and ui filed, then ui changed once: as
 * many object writes as the passes counted (namespaces are created on the
 * side), no delete, each object written once per change, and ui's version 2
 * everywhere it is placed.
 */
async function expectPassesApartEachObjectOncePerChange(
  written: ClusterWrite[],
  runs: Run[],
  replica: SyncReplica,
) {
  expect(clashesIn(runs)).toEqual([]);
  expect(written.filter(w => w.kind !== 'Namespace').length).toBe(
    runs.reduce((n, r) => n + r.writes, 0),
  );
  expect(written.filter(w => w.verb === 'delete')).toEqual([]);
  const counts = countByObject(written);
  for (const [key, count] of counts) {
    // ui's Deployments changed once, everything else never.
    const changed = / Deployment miniplanes\/ui$/.test(key);
    expect([key, count <= (changed ? 2 : 1)]).toEqual([key, true]);
  }
  for (const cluster of UI_CLUSTERS) {
    expect(counts.has(`${cluster} Deployment miniplanes/ui`)).toBe(true);
    const ui = await deploymentIn(replica, cluster, 'ui');
    expect(ui.spec.template.spec.containers[0].image).toMatch(/-v2$/);
  }
  for (const cluster of STORAGE_CLUSTERS) {
    expect(counts.get(`${cluster} Deployment miniplanes/storage`)).toBe(1);
  }
}

/** Passes that ran at once though nothing allows it. */
function clashesIn(runs: Run[]) {
  // An approval's pass may run beside its own replica's periodic pass of
  // the same shard (the hand-over); different shards may always overlap.
  const allowed = (x: Run, y: Run) =>
    x.shard !== y.shard ||
    (x.replica === y.replica && x.periodic !== y.periodic);
  return runs.flatMap(x =>
    runs.filter(
      y => x !== y && x.start <= y.start && y.start < x.end && !allowed(x, y),
    ),
  );
}

describeOnPostgres('SyncService replicas on one PostgreSQL database', () => {
  let sim: SimulatedFleet;
  const pools: Knex[] = [];
  // Each test: a fresh demo fleet, and one database that two processes share.
  beforeEach(async () => {
    sim = await startDemoFleet();
    const knex = await databases.init('POSTGRES_15');
    pools.push(sameDatabase(knex), sameDatabase(knex));
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map(p => p.destroy()));
    await sim.stop();
  });

  it('two replicas scheduled on one database take turns, so each object is applied once per change', async () => {
    // Slow writes to one cluster make passes long enough to overlap if nothing
    // kept them apart; jittery lists vary when passes end, so that either
    // replica's poll may be the first to find the task due.
    sim.cluster('us-pet').injectLatency({ fixedMs: 100, verb: 'patch' });
    sim
      .cluster('eu-west')
      .injectLatency({ fixedMs: 10, jitterMs: 500, verb: 'list' });

    const { runs, a, b, replicas, sinceStart, changedAt, immediate } =
      await twoReplicasFileThenChangeUi(sim, pools);

    await eventually(
      'a pass without writes after everything is in sync',
      async () =>
        runs.some(r => r.start > changedAt && r.writes === 0) &&
        (await inSyncWithUiVersion2(a, b)),
    );
    expect(await Promise.all(immediate)).toEqual([true, true]);
    // The replica that won the claims so far goes away (a rolling restart);
    // the other takes over the task from the database and finds nothing to do.
    const leader =
      runs.filter(r => r.replica === 'a').length >=
      runs.filter(r => r.replica === 'b').length
        ? a
        : b;
    const follower = leader === a ? 'b' : 'a';
    await leader.shutdown();
    const handedOver = runs.length;
    await eventually(`replica ${follower} to run a pass`, async () =>
      runs.slice(handedOver).some(r => r.replica === follower),
    );
    expect(runs.slice(handedOver).map(r => r.writes)).toEqual(
      runs.slice(handedOver).map(() => 0),
    );
    await Promise.all(
      replicas.filter(r => r !== leader).map(r => r.shutdown()),
    );
    await eventually('in-flight passes to end', async () =>
      replicas.every(r => r.running() === 0),
    );

    // The global task lock and the sync lease kept passes apart, across
    // replicas too, scheduled or started at once; the only passes at once
    // are an approval's beside its own replica's periodic pass. Every write
    // a replica made changed the cluster, and none was repeated.
    await expectPassesApartEachObjectOncePerChange(
      sinceStart(),
      runs,
      a.replica,
    );
  });

  it('two replicas with the services split into two shards sync both shards at once, each service by one writer', async () => {
    // Slow writes make both shards' first passes long enough to overlap.
    for (const cluster of ['us-pet', 'us-east'])
      sim.cluster(cluster).injectLatency({ fixedMs: 60, verb: 'patch' });
    // storage is in the second shard of two, ui in the first.
    expect([shardIndexOf(STORAGE, 2), shardIndexOf(UI, 2)]).toEqual([1, 0]);

    const { runs, a, b, replicas, sinceStart, changedAt, immediate } =
      await twoReplicasFileThenChangeUi(sim, pools, 2);
    await eventually(
      'a pass of each shard without writes after everything is in sync',
      async () =>
        [0, 1].every(shard =>
          runs.some(
            r => r.shard === shard && r.start > changedAt && r.writes === 0,
          ),
        ) && (await inSyncWithUiVersion2(a, b)),
    );
    expect(await Promise.all(immediate)).toEqual([true, true]);
    await Promise.all(replicas.map(r => r.shutdown()));
    await eventually('in-flight passes to end', async () =>
      replicas.every(r => r.running() === 0),
    );

    // The shards' passes ran at once, and each shard's passes, on either
    // replica, one after the other (but for an approval's hand-over).
    const overlapping = (x: Run, y: Run) =>
      x.start <= y.start && y.start < x.end;
    expect(
      runs.some(x =>
        runs.some(
          y =>
            x.shard !== y.shard &&
            x.writes > 0 &&
            y.writes > 0 &&
            overlapping(x, y),
        ),
      ),
    ).toBe(true);
    // Each shard's passes apart; each shard wrote only its own service, each
    // object once per change.
    await expectPassesApartEachObjectOncePerChange(
      sinceStart(),
      runs,
      a.replica,
    );
  });

  it('a replica killed mid-sync leaves work a fresh one finishes without redoing it', async () => {
    const [dyingPool, freshPool] = pools;

    const dying = await startSyncReplica({ sim, knex: dyingPool });
    await dying.placement.putSpec({
      spec: exampleService('ui'),
      source: 'api',
    });
    const filed = await approvedRequest(
      dying.requests,
      exampleService('storage'),
      { reason: 'first placement' },
    );

    // us-pet accepts connections and never answers: the pass hangs there.
    sim.cluster('us-pet').setOutage('hang');
    const sinceStart = writesFromNow(sim);
    const pass = dying.sync.syncAll().then(
      () => undefined,
      (error: Error) => error,
    );
    let settled = -1;
    await eventually('the other clusters to be written', async () => {
      const n = sinceStart().length;
      const stable = n > 0 && n === settled;
      settled = n;
      return stable;
    });

    // Killed: its database connection is gone, so nothing it did is recorded.
    await dyingPool.destroy();
    pools.shift();
    sim.cluster('us-pet').setOutage(undefined);
    const sinceKilled = writesFromNow(sim);
    expect(await pass).toBeInstanceOf(Error);
    expect(sinceKilled()).toEqual([]);
    const partial = sinceStart();
    expect(partial.filter(w => w.cluster === 'us-pet')).toEqual([]);
    expect(
      [...new Set(partial.map(w => w.cluster))].sort((x, y) =>
        x.localeCompare(y),
      ),
    ).toEqual(['ap-gpu', 'eu-west', 'us-east']);

    const fresh = await startSyncReplica({ sim, knex: freshPool });
    expect(await fresh.statusStore.list([STORAGE, UI])).toEqual([]);
    expect((await fresh.requests.get(filed.id)).status).toBe('approved');

    const resumed = await fresh.sync.syncAll();
    expect(resumed.errors).toBe(0);
    await sleep(300);
    expect((await fresh.sync.syncAll()).writes).toBe(0);

    // The fresh replica wrote only what the killed one had not.
    const afterKill = sinceKilled();
    expect([...new Set(afterKill.map(w => w.cluster))]).toEqual(['us-pet']);
    for (const [key, count] of countByObject(sinceStart())) {
      expect([key, count]).toEqual([key, 1]);
    }

    for (const cluster of STORAGE_CLUSTERS) {
      expect(await deploymentIn(fresh, cluster, 'storage')).toBeDefined();
    }
    const ui = await Promise.all(
      UI_CLUSTERS.map(c => deploymentIn(fresh, c, 'ui')),
    );
    expect(ui.reduce((n, d) => n + d.spec.replicas, 0)).toBe(6);
    for (const entityRef of [STORAGE, UI]) {
      const status = await serviceStatusOf(fresh, entityRef);
      expect([entityRef, status.state]).toEqual([entityRef, 'InSync']);
    }
    expect((await fresh.requests.get(filed.id)).status).toBe('applied');
  });
});
