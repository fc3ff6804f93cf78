/* eslint-disable @backstage/no-undeclared-imports, no-restricted-imports, no-restricted-syntax -- benchmarks are not shipped: they run from source on devDependencies and the tests' wiring helpers */
/*
 * Benchmark (not a test): how the sync's throughput scales with backend
 * replicas. The rollout of 1,000 services over a 20-cluster kube-sim fleet
 * (a process of its own) from one PostgreSQL database, by backend replicas
 * that are processes of their own, as the plugin runs them (each shard's
 * pass under its lease, see startSync):
 *   - 1 replica, the sync not split (1 shard);
 *   - 1 replica, 2 shards (both its tasks run at once in one process);
 *   - 2 replicas, 2 shards, one each (as the scheduler spreads the tasks).
 * Each case starts from an empty fleet and a fresh database. After the
 * rollout, each replica runs its shards' passes twice more: the pass after
 * a rollout lists what it wrote (its watches stopped, see WatchedList),
 * and a settled pass reads its watched copies. Write counts
 * come from the simulator's write log. One kube-sim process serves the
 * fleet on one thread, which bounds every case; BENCH_SIM_PROCESSES=<n>
 * deals the clusters out among n processes, for a host with cores to spare.
 * Run: yarn workspace @miniplanes/plugin-miniplanes-backend run bench:replicas
 * (BENCH_POSTGRES=<connection string> uses that server; otherwise the one
 * scripts/postgres.mjs starts)
 */
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { stringify } from 'yaml';
import { createShardedRunners } from '../sync/startSync';
import {
  benchFleetOptions,
  fleetTransport,
  RemoteCluster,
  startFleetProcesses,
} from './fleetProcess';
import { benchBackend } from './benchBackend';
import { freshPostgresDatabase } from './freshPostgresDatabase';
import { hostBusySince, hostCpuMark } from './hostCpu';
import { exitsWithThisProcess } from './childProcesses';
import { runBench } from './runBench';
import { benchFleetFile, benchService } from './syncBenchInputs';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 20);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
/** kube-sim processes the fleet's clusters are dealt out among. */
const SIM_PROCESSES = Number(process.env.BENCH_SIM_PROCESSES ?? 1);
/** BENCH_TLS=1: the fleet serves HTTPS (HTTP/2), as real clusters do. */
const FLEET = benchFleetOptions();

/** What a replica process is told: where everything is, and which shards' passes it runs. */
interface WorkerTask {
  connection: Knex.Config['connection'];
  fleetPath: string;
  clusters: RemoteCluster[];
  shards: number;
  runs: number[];
}

/** Runs the shards' passes at once: their results, and the seconds and this process's CPU seconds they took. */
async function timedPasses(
  sharded: Awaited<ReturnType<typeof createShardedRunners>>,
  runs: number[],
) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const results = await Promise.all(
    runs.map(shard => sharded.runners[shard].runScheduled()),
  );
  const used = process.cpuUsage(cpu);
  return {
    results,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

/** A replica process: wires itself, says it is ready, runs its shards' passes on "go", reports. */
async function worker() {
  const task: WorkerTask = JSON.parse(process.env.BENCH_WORKER!);
  const backend = await benchBackend({
    knex: knexFactory({ client: 'pg', connection: task.connection }),
    fleetPath: task.fleetPath,
    clusters: task.clusters,
  });
  const sharded = await createShardedRunners({
    wiring: backend.syncWiring,
    shards: task.shards,
    database: backend.database,
    store: backend.store,
    logger: backend.logger,
  });
  process.send!({ ready: true });
  await new Promise(go => process.on('message', m => m === 'go' && go(m)));
  const rollout = await timedPasses(sharded, task.runs);
  const after = await timedPasses(sharded, task.runs);
  const settled = await timedPasses(sharded, task.runs);
  process.send!({
    results: rollout.results,
    cpuSeconds: rollout.cpuSeconds,
    after,
    settled,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  });
  sharded.stop();
  await backend.knex.destroy();
  process.exit(0);
}

/** Starts a replica process and resolves once it is wired. */
function startReplica(task: WorkerTask) {
  const child = exitsWithThisProcess(
    fork(resolve(__filename), ['--worker'], {
      env: { ...process.env, BENCH_WORKER: JSON.stringify(task) },
      execArgv: [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
    }),
  );
  // Backstage's transform sends its own messages (files to watch) too.
  const next = (key: 'ready' | 'results') =>
    new Promise<any>((ok, fail) => {
      const onMessage = (message: any) => {
        if (!message?.[key]) return;
        child.off('message', onMessage);
        ok(message);
      };
      child.on('message', onMessage);
      child.once('exit', code =>
        fail(new Error(`replica process exited with ${code}`)),
      );
    });
  return next('ready').then(() => ({
    go: () => {
      const done = next('results');
      child.send('go');
      return done;
    },
  }));
}

async function postgres() {
  if (process.env.BENCH_POSTGRES)
    return { connectionString: process.env.BENCH_POSTGRES, stop: () => {} };
  const script = resolve(__dirname, '../../../../scripts/postgres.mjs');
  const { startTestPostgres } = await import(script);
  return startTestPostgres();
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'miniplanes-replica-bench-'));
  const fleetPath = join(dir, 'fleet.yaml');
  writeFileSync(fleetPath, stringify(benchFleetFile(CLUSTERS)));
  const server = await postgres();
  process.stdout.write(
    `${availableParallelism()} cores. Rollout of ${SERVICES} services over ${CLUSTERS} ${fleetTransport(
      FLEET,
    )} kube-sim clusters (${SIM_PROCESSES} kube-sim process(es)) from one PostgreSQL, by replica processes\n`,
  );
  const cases = [
    { label: '1 replica, 1 shard', shards: 1, replicas: [[0]] },
    { label: '1 replica, 2 shards', shards: 2, replicas: [[0, 1]] },
    {
      label: '2 replicas, 2 shards (one each)',
      shards: 2,
      replicas: [[0], [1]],
    },
  ];
  const rates: number[] = [];
  for (const c of cases) {
    const connection = await freshPostgresDatabase(
      server.connectionString,
      'miniplanes_replica_bench',
    );
    const sim = await startFleetProcesses(
      benchFleetFile(CLUSTERS),
      SIM_PROCESSES,
      FLEET,
    );
    const seeding = await benchBackend({
      knex: knexFactory({ client: 'pg', connection }),
      fleetPath,
      clusters: sim.clusters,
    });
    for (let i = 0; i < SERVICES; i++)
      await seeding.placement.putSpec({ spec: benchService(i), source: 'api' });
    await seeding.knex.destroy();

    const replicas = await Promise.all(
      c.replicas.map(runs =>
        startReplica({
          connection,
          fleetPath,
          clusters: sim.clusters,
          shards: c.shards,
          runs,
        }),
      ),
    );
    const mark = await sim.clientWrites();
    const started = process.hrtime.bigint();
    const host = hostCpuMark();
    const reports = await Promise.all(replicas.map(r => r.go()));
    const busy = hostBusySince(host);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const writes = (await sim.clientWrites()) - mark;
    const errors = reports
      .flatMap(r => r.results)
      .reduce((sum, r) => sum + (r?.errors ?? 0), 0);
    if (errors > 0)
      throw new Error(`${c.label}: ${errors} cluster sync(s) failed`);
    rates.push(writes / seconds);
    // Where the time goes on a machine of few cores: the replicas' own CPU,
    // and the host's (kube-sim and PostgreSQL share it).
    const cpu = reports.map(r => `${r.cpuSeconds.toFixed(1)}`).join(' + ');
    process.stdout.write(
      `${c.label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${String(
        writes,
      ).padStart(6)} writes  ${(writes / seconds)
        .toFixed(0)
        .padStart(6)} obj/s  replica CPU ${cpu} s  ${busy}\n`,
    );
    for (const pass of ['after', 'settled'] as const) {
      const passes = reports.map(r => r[pass]);
      const passWrites = passes
        .flatMap(p => p.results)
        .reduce((sum, r) => sum + (r?.writes ?? 0), 0);
      process.stdout.write(
        `  ${
          pass === 'after' ? 'pass after the rollout' : 'settled pass'
        }: ${Math.max(...passes.map(p => p.seconds)).toFixed(
          2,
        )} s, ${passWrites} writes, replica CPU ${passes
          .map(p => p.cpuSeconds.toFixed(2))
          .join(' + ')} s\n`,
      );
    }
    process.stdout.write(
      `  replica RSS ${reports.map(r => r.rssMb.toFixed(0)).join(' + ')} MB\n`,
    );
    await sim.stop();
  }
  process.stdout.write(
    `2 replicas / 1 replica (2 shards): ${(rates[2] / rates[1]).toFixed(
      2,
    )}x the throughput; / 1 replica unsplit: ${(rates[2] / rates[0]).toFixed(
      2,
    )}x (goal >= 1.6x)\n`,
  );
  server.stop();
}

if (process.argv.includes('--worker')) worker();
else runBench(main);
