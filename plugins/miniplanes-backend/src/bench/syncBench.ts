/* eslint-disable @backstage/no-undeclared-imports -- benchmarks are not shipped: they run on devDependencies */
/*
 * Benchmark (not a test): the sync of 1,000 federated services over a
 * 20-cluster simulated fleet (plain HTTP kube-sim in a process of its own, as
 * clusters are; BENCH_TLS=1: HTTPS, which the clients speak HTTP/2 over, as
 * with real API servers), through the real SyncService on an in-memory SQLite store
 * (BENCH_POSTGRES=<connection string>: a fresh PostgreSQL database a round):
 * the initial rollout (against bare-write floors: a loop of applies, and one
 * of creates, as the sync writes objects new to it), in BENCH_ROUNDS rounds
 * (default 3: a fresh fleet and store each, the floors right after the
 * rollout, so a round's ratio is measured under one load; the median ratio
 * is the figure), and on the first round's fleet a steady-state pass,
 * five settled passes (goal: zero writes; their min and median) and a pass
 * after 10% of the services changed. Write counts come from the simulator's write log; each figure has
 * the wall-clock time and this process's CPU time (the sync's, less kube-sim's
 * and with the garbage collector's threads), which a busy machine inflates less,
 * the CPU time of the kube-sim process written to (rollouts, floors, passes
 * that write), and how many of the host's cores were busy (everyone's);
 * each round also gives the rollout's CPU (this process's and kube-sim's)
 * over its apply floor's, which the shared host's load moves less than the
 * wall-clock ratio.
 * Run: yarn workspace @miniplanes/plugin-miniplanes-backend run bench:sync
 * (BENCH_PROFILE=<file.cpuprofile> writes a CPU profile of an extra settled
 * pass, BENCH_PROFILE=<file.heapprofile> what it allocates; BENCH_PROFILE_PASS=rollout profiles the first round's rollout instead,
 * BENCH_PROFILE_PASS=floor its create loop,
 * BENCH_PROFILE_PASS=steady the first pass after it, BENCH_PROFILE_PASS=changed
 * the pass after 10% of the services changed)
 */
import knexFactory from 'knex';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SyncRunner } from '../sync/SyncRunner';
import { DatabaseSyncLease } from '../store/DatabaseSyncLease';
import { bareWriteFloor } from './bareWriteFloor';
import { freshPostgresDatabase } from './freshPostgresDatabase';
import { benchBackend } from './benchBackend';
import { profiled } from './profiled';
import { hostBusySince, hostCpuMark } from './hostCpu';
import {
  benchFleetOptions,
  FleetProcess,
  fleetTransport,
  startFleetProcess,
} from './fleetProcess';
import { runBench } from './runBench';
import { benchFleetFile, benchService as service } from './syncBenchInputs';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 20);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const CONCURRENCY = 8;
const FLEET = benchFleetOptions();
/** Rollouts timed against their floors, each on a fresh fleet and store. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Settled passes timed one after the other (their min and median are reported). */
const SETTLED_PASSES = 5;
/** When, into a periodic pass, a service changes. */
const PERIODIC_CHANGE_AFTER_MS = 200;
/** When, into a restarted backend's first pass, a service changes. */
const STARTUP_CHANGE_AFTER_MS = 100;

/** Where to write the CPU profile of this pass, if it is the one asked for. */
function profileOf(
  pass: 'rollout' | 'floor' | 'steady' | 'settled' | 'changed',
) {
  return (process.env.BENCH_PROFILE_PASS ?? 'settled') === pass
    ? process.env.BENCH_PROFILE
    : undefined;
}

/**
 * Wall-clock seconds, this process's CPU seconds (the sync's, not
 * kube-sim's), the CPU seconds of the kube-sim process written to when
 * given, and how busy the whole host was.
 */
async function timed<T>(
  run: () => Promise<T>,
  sim?: Pick<FleetProcess, 'cpuSeconds'>,
) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const simCpu = sim?.cpuSeconds();
  const host = hostCpuMark();
  const result = await run();
  const used = process.cpuUsage(cpu);
  const simCpuAfter = sim?.cpuSeconds();
  return {
    result,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    simCpuSeconds:
      simCpu === undefined || simCpuAfter === undefined
        ? undefined
        : simCpuAfter - simCpu,
    host: hostBusySince(host),
  };
}

function report(
  label: string,
  {
    seconds,
    cpuSeconds,
    simCpuSeconds,
    host,
  }: {
    seconds: number;
    cpuSeconds: number;
    simCpuSeconds?: number;
    host?: string;
  },
  writes: number,
) {
  process.stdout.write(
    `${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${String(
      writes,
    ).padStart(6)} writes  ${(writes / seconds)
      .toFixed(0)
      .padStart(6)} obj/s  cpu ${cpuSeconds.toFixed(2)} s${
      simCpuSeconds === undefined
        ? ''
        : `  kube-sim cpu ${simCpuSeconds.toFixed(2)} s`
    }${host ? `  ${host}` : ''}\n`,
  );
}

/**
 * Starts a periodic pass as the plugin's runner does, changes service `i`
 * `afterMs` into it and passes it as an approval would: how long the
 * change's pass and the periodic pass took.
 */
async function changeDuringPass(
  backend: Pick<
    Awaited<ReturnType<typeof benchBackend>>,
    'sync' | 'store' | 'database' | 'placement' | 'logger'
  >,
  i: number,
  afterMs: number,
) {
  const runner = new SyncRunner({
    sync: backend.sync,
    store: backend.store,
    lease: await DatabaseSyncLease.create({ database: backend.database }),
    logger: backend.logger,
  });
  const started = Date.now();
  const pass = runner.runScheduled();
  await new Promise(r => setTimeout(r, afterMs));
  await backend.placement.putSpec({ spec: service(i, 3), source: 'api' });
  const changedAt = Date.now();
  await runner.runNow([`component:default/svc-${i}`]);
  const changeMs = Date.now() - changedAt;
  await pass;
  const passMs = Date.now() - started;
  runner.stop();
  return { changeMs, passMs };
}

/** A round's store: SQLite in memory, or a fresh database on the BENCH_POSTGRES server. */
async function roundStore() {
  const server = process.env.BENCH_POSTGRES;
  if (!server)
    return knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  return knexFactory({
    client: 'pg',
    connection: await freshPostgresDatabase(server, 'miniplanes_sync_bench'),
  });
}

/**
 * One round: a fresh fleet and store, the 1,000 services' rollout, then the
 * same objects written by plain loops into empty fleets (the floors, by
 * apply and by create), one right after the other so that the round's
 * ratios compare runs under the same load on this shared host.
 */
async function rolloutRound(round: number, profile: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'miniplanes-sync-bench-'));
  writeFileSync(join(dir, 'fleet.yaml'), stringify(benchFleetFile(CLUSTERS)));
  // Pods never start: the figures measure the sync, not the simulated kubelet.
  const sim = await startFleetProcess(benchFleetFile(CLUSTERS), FLEET);
  const backend = await benchBackend({
    knex: await roundStore(),
    fleetPath: join(dir, 'fleet.yaml'),
    clusters: sim.clusters,
  });
  const { store, statusStore, placement, sync } = backend;
  for (let i = 0; i < SERVICES; i++) {
    await placement.putSpec({ spec: service(i), source: 'api' });
  }

  const mark = await sim.clientWrites();
  const startedAt = Date.now();
  const rollout = await profiled(
    profile ? profileOf('rollout') : undefined,
    () => timed(() => sync.syncAll(), sim),
  );
  const endedAt = Date.now();
  // The fleet is fresh: every write it logged is the rollout's. Before the
  // first and after the last, the clusters wait on the backend alone.
  const span = await sim.clientWriteSpan();
  report(`round ${round}: initial rollout`, rollout, span.writes - mark);
  if (span.first !== undefined && span.last !== undefined) {
    process.stdout.write(
      `round ${round}: the rollout's first write ${(
        (span.first - startedAt) /
        1000
      ).toFixed(2)} s into it, its last ${(
        (endedAt - span.last) /
        1000
      ).toFixed(2)} s before its end\n`,
    );
  }
  if (rollout.result.errors > 0) {
    const failed = (
      await statusStore.list((await store.listServices()).map(s => s.entityRef))
    ).filter(r => r.lastError);
    throw new Error(
      `${rollout.result.errors} cluster sync(s) failed, e.g. ${failed[0]?.cluster}: ${failed[0]?.lastError}`,
    );
  }

  // The floor, by apply and by create (how the sync writes an object new to it).
  const services = await store.listServices();
  const floorOf = async (write: 'apply' | 'create') => {
    const empty = await startFleetProcess(benchFleetFile(CLUSTERS), FLEET);
    try {
      return await profiled(
        profile && write === 'create' ? profileOf('floor') : undefined,
        () =>
          timed(
            () => bareWriteFloor(services, empty, CONCURRENCY, { write }),
            empty,
          ),
      );
    } finally {
      await empty.stop();
    }
  };
  const floor = await floorOf('apply');
  report(`round ${round}: floor (apply loop)`, floor, floor.result);
  const createFloor = await floorOf('create');
  report(
    `round ${round}: floor (create loop)`,
    createFloor,
    createFloor.result,
  );
  const ratios = {
    apply: rollout.seconds / floor.seconds,
    create: rollout.seconds / createFloor.seconds,
    cpu: totalCpu(rollout) / totalCpu(floor),
  };
  process.stdout.write(
    `round ${round}: rollout / floor ${ratios.apply.toFixed(
      2,
    )}x, rollout / create floor ${ratios.create.toFixed(
      2,
    )}x; CPU (this process and kube-sim's) of the rollout / the floor's ${ratios.cpu.toFixed(
      2,
    )}x\n`,
  );
  return { dir, sim, backend, ratios };
}

/**
 * The CPU a run took, this process's and kube-sim's together. On this
 * shared host a round's wall time swings more than a change of the sync
 * does; the CPU a run needs swings less, so comparing it tells a change
 * from the host's noise.
 */
function totalCpu(run: { cpuSeconds: number; simCpuSeconds?: number }) {
  return run.cpuSeconds + (run.simCpuSeconds ?? 0);
}

/** "median (min–max)" of the rounds' ratios. */
function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[sorted.length >> 1].toFixed(2)}x (${sorted[0].toFixed(
    2,
  )}–${sorted[sorted.length - 1].toFixed(2)}x)`;
}

/**
 * On the first round's rolled-out fleet: a steady-state pass, settled passes,
 * a pass after 10% of the services changed, and a change during a periodic
 * pass and during a restarted backend's first pass.
 */
async function passesAfterRollout({
  dir,
  sim,
  backend,
}: Awaited<ReturnType<typeof rolloutRound>>) {
  const { knex, database, logger, store, placement, sync } = backend;
  let mark = await sim.clientWrites();
  const steady = await profiled(profileOf('steady'), () =>
    timed(() => sync.syncAll(), sim),
  );
  report('steady-state pass', steady, (await sim.clientWrites()) - mark);
  // The first pass after the rollout still compares what the rollout's
  // watch events brought; the next ones are what a settled fleet costs.
  // A profiled pass is slower: it is not one of the timed ones.
  const settledProfile = profileOf('settled');
  if (settledProfile) await profiled(settledProfile, () => sync.syncAll());
  const settled = [];
  for (let pass = 0; pass < SETTLED_PASSES; pass++) {
    mark = await sim.clientWrites();
    const timing = await timed(() => sync.syncAll());
    settled.push({ ...timing, writes: (await sim.clientWrites()) - mark });
  }
  const byWall = [...settled].sort((a, b) => a.seconds - b.seconds);
  const byCpu = [...settled].sort((a, b) => a.cpuSeconds - b.cpuSeconds);
  const writes = settled.reduce((n, p) => n + p.writes, 0);
  report(
    `settled pass, min of ${SETTLED_PASSES}`,
    {
      seconds: byWall[0].seconds,
      cpuSeconds: byCpu[0].cpuSeconds,
    },
    writes,
  );
  report(
    `settled pass, median of ${SETTLED_PASSES}`,
    {
      seconds: byWall[SETTLED_PASSES >> 1].seconds,
      cpuSeconds: byCpu[SETTLED_PASSES >> 1].cpuSeconds,
    },
    writes,
  );

  const changed = Math.round(SERVICES / 10);
  for (let i = 0; i < changed; i++) {
    await placement.putSpec({ spec: service(i * 10, 2), source: 'api' });
  }
  mark = await sim.clientWrites();
  const change = await profiled(profileOf('changed'), () =>
    timed(() => sync.syncAll(), sim),
  );
  report(
    `pass after ${changed} services changed`,
    change,
    (await sim.clientWrites()) - mark,
  );

  // An approval while the periodic pass runs, as the plugin runs both: the
  // changed service is handed over and passed at once, beside the rest.
  const beside = await changeDuringPass(
    { sync, store, database, placement, logger },
    1,
    PERIODIC_CHANGE_AFTER_MS,
  );
  process.stdout.write(
    `a change during a periodic pass: its pass done in ${
      beside.changeMs
    } ms; the periodic pass took ${beside.passMs} ms (${
      beside.passMs - PERIODIC_CHANGE_AFTER_MS
    } ms left when the change came)\n`,
  );

  // The same after a restart: a new backend on the same database, whose
  // clients have listed nothing yet, so its first pass lists every kind in
  // every cluster, and the change's pass reads beside it.
  const restarted = await benchBackend({
    knex,
    fleetPath: join(dir, 'fleet.yaml'),
    clusters: sim.clusters,
  });
  const startup = await changeDuringPass(restarted, 2, STARTUP_CHANGE_AFTER_MS);
  restarted.clients.stop();
  process.stdout.write(
    `a change during the startup pass after a restart: its pass done in ${startup.changeMs} ms; the startup pass took ${startup.passMs} ms (the change came after ${STARTUP_CHANGE_AFTER_MS} ms)\n`,
  );
  process.stdout.write(
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
  );
  await stopRound({ sim, backend });
}

/** Lets go of a round's fleet, store and watches. */
async function stopRound({
  sim,
  backend,
}: Pick<Awaited<ReturnType<typeof rolloutRound>>, 'sim' | 'backend'>) {
  backend.clients.stop();
  await sim.stop();
  await backend.knex.destroy();
}

async function main() {
  if (!(ROUNDS >= 1)) throw new Error('BENCH_ROUNDS must be at least 1');
  process.stdout.write(
    `Sync of ${SERVICES} services over ${CLUSTERS} ${fleetTransport(
      FLEET,
    )} kube-sim clusters, ${CONCURRENCY} writes in flight per cluster, ${ROUNDS} round(s); the store ${
      process.env.BENCH_POSTGRES ? 'on PostgreSQL' : 'SQLite in memory'
    }\n`,
  );
  // The first round (the one profiled) goes on to the later passes, in a
  // process that has run nothing else yet; the other rounds come after.
  const first = await rolloutRound(1, true);
  const ratios = [first.ratios];
  await passesAfterRollout(first);
  for (let round = 2; round <= ROUNDS; round++) {
    const next = await rolloutRound(round, false);
    ratios.push(next.ratios);
    await stopRound(next);
  }
  process.stdout.write(
    `rollout / floor over ${ROUNDS} round(s): median ${spread(
      ratios.map(r => r.apply),
    )} (goal <= 1.25x); rollout / create floor: median ${spread(
      ratios.map(r => r.create),
    )}; rollout's CPU / the floor's: median ${spread(
      ratios.map(r => r.cpu),
    )}\n`,
  );
}

runBench(main);
