/* eslint-disable @backstage/no-undeclared-imports, no-restricted-imports, no-restricted-syntax -- benchmarks are not shipped: they run from source on devDependencies and the tests' fleet helpers */
/*
 * Benchmark (not a test): how long an approved request takes to reach the
 * clusters on the demo fleet, through the whole product path: the REST API,
 * the approval's immediate pass under the sync lease (Backstage's real
 * scheduler running the periodic pass beside it), and kube-sim clusters whose pods become ready after their own
 * startup time. One approval while the startup pass rolls the seeded
 * services out, then twenty from a steady state, one after the other, each
 * changing the storage service's API Deployment (a new pod template, so new
 * pods must start). Per approval: approval → first write (the write log's server time
 * of the first write miniplanes made for that version) and approval →
 * `applied` (polled every 20 ms), against the pods' own startup time.
 * Run: yarn workspace @miniplanes/plugin-miniplanes-backend run bench:approval
 * (BENCH_POSTGRES=<connection string> keeps the plugin's store in a fresh
 * database on that server instead of SQLite in memory)
 */
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory from 'knex';
import request from 'supertest';
import { parse } from 'yaml';
import { miniplanesPlugin } from '../plugin';
import { simulatedClustersModule } from '../__testUtils__/simulatedClusters';
import { startDemoFleet } from '../__testUtils__/syncHarness';
import { freshPostgresDatabase } from './freshPostgresDatabase';

const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 20);
const POD_STARTUP_MS = Number(process.env.BENCH_POD_STARTUP_MS ?? 100);
const examples = resolve(__dirname, '../../../../examples');

const memberships: Record<string, string[]> = {
  'user:default/amy': ['group:default/data-team'],
  'user:default/pat': ['group:default/platform-team'],
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** With BENCH_POSTGRES, the plugin's store in a fresh database of that server; SQLite in memory otherwise. */
async function pluginDatabase() {
  const server = process.env.BENCH_POSTGRES;
  if (!server) return { label: 'SQLite in memory', features: [] };
  const connection = await freshPostgresDatabase(
    server,
    'miniplanes_approval_bench',
  );
  const knex = knexFactory({ client: 'pg', connection });
  return {
    label: `PostgreSQL (${connection.slice(connection.lastIndexOf('/') + 1)})`,
    features: [mockServices.database.factory({ knex })],
  };
}

async function main() {
  // Over HTTPS, as the demo serves it.
  const sim = await startDemoFleet({ tls: true, podStartupMs: POD_STARTUP_MS });
  const database = await pluginDatabase();
  const backend = await startTestBackend({
    features: [
      miniplanesPlugin,
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          miniplanes: {
            fleet: { file: resolve(examples, 'fleet/demo-fleet.yaml') },
            seed: { directory: resolve(examples, 'services') },
            approvers: { group: 'group:default/platform-team' },
          },
        },
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          getUserInfo: async (credentials: BackstageCredentials) => {
            const { userEntityRef } =
              credentials.principal as BackstageUserPrincipal;
            return {
              userEntityRef,
              ownershipEntityRefs: [
                userEntityRef,
                ...(memberships[userEntityRef] ?? []),
              ],
            };
          },
        }),
      }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'storage', namespace: 'default' },
            spec: {
              type: 'service',
              lifecycle: 'production',
              owner: 'data-team',
            },
            relations: [
              { type: 'ownedBy', targetRef: 'group:default/data-team' },
            ],
          },
        ],
      }),
      simulatedClustersModule(sim),
      mockServices.rootLogger.factory({ level: 'error' }),
      ...database.features,
    ],
  });
  const api = request(backend.server);
  process.stdout.write('backend started\n');
  const entityRef = 'component:default/storage';

  const spec = parse(
    readFileSync(resolve(examples, 'services/storage.yaml'), 'utf8'),
  );
  let revision = 0;
  /** Files and approves a new revision of the storage API; how long until its first write and `applied`. */
  const approveOne = async () => {
    revision += 1;
    const api_ = spec.spec.resources.find(
      (r: { manifest: { kind: string } }) => r.manifest.kind === 'Deployment',
    ).manifest;
    api_.spec.template.metadata = {
      ...api_.spec.template.metadata,
      annotations: { 'bench.miniplanes.io/revision': String(revision) },
    };
    const filed = await api
      .post('/api/miniplanes/requests')
      .set('Authorization', mockCredentials.user.header('user:default/amy'))
      .send({ entityRef, reason: `bench ${revision}`, spec });
    if (filed.status !== 201)
      throw new Error(`filing failed: ${JSON.stringify(filed.body)}`);
    const marks = new Map(
      sim.clusters.map(c => [c.name, c.writes().at(-1)?.seq ?? 0]),
    );
    const approvedAt = Date.now();
    const approved = await api
      .post(`/api/miniplanes/requests/${filed.body.id}/approve`)
      .set('Authorization', mockCredentials.user.header('user:default/pat'))
      .send({});
    if (approved.status !== 200)
      throw new Error(`approval failed: ${JSON.stringify(approved.body)}`);
    let firstWrite: number | undefined;
    let applied: number | undefined;
    await waitFor(async () => {
      if (firstWrite === undefined) {
        const times = sim.clusters.flatMap(c =>
          c
            .writes({ since: marks.get(c.name) })
            .filter(w => w.name === 'storage' && w.kind === 'Deployment')
            .map(w => Date.parse(w.time)),
        );
        if (times.length) firstWrite = Math.min(...times) - approvedAt;
      }
      const got = await api
        .get(`/api/miniplanes/requests/${filed.body.id}`)
        .set('Authorization', mockCredentials.user.header('user:default/amy'));
      if (got.body.status === 'failed')
        throw new Error(`request failed: ${JSON.stringify(got.body)}`);
      if (got.body.status === 'applied') applied = Date.now() - approvedAt;
      return applied !== undefined;
    }, 60_000);
    return { firstWrite: firstWrite ?? NaN, applied: applied! };
  };

  // One approval at once, while the startup pass rolls the seeded
  // services out: it waits for the pass under way (see the README).
  const during = await approveOne();
  process.stdout.write(
    `approval during the startup pass: first write ${during.firstWrite} ms, applied ${during.applied} ms\n`,
  );

  // Then from a steady state: no write for a second.
  await waitFor(async () => {
    const last = Math.max(
      ...sim.clusters.map(c => Date.parse(c.writes().at(-1)?.time ?? '0')),
    );
    return Date.now() - last > 1_000;
  }, 60_000);
  const toFirstWrite: number[] = [];
  const toApplied: number[] = [];
  for (let i = 1; i <= APPROVALS; i += 1) {
    const { firstWrite, applied } = await approveOne();
    toFirstWrite.push(firstWrite);
    toApplied.push(applied);
    process.stdout.write(
      `approval ${i}: first write ${firstWrite} ms, applied ${applied} ms\n`,
    );
  }
  const line = (name: string, values: number[]) =>
    `${name.padEnd(32)} p50 ${percentile(values, 0.5)} ms  p99 ${percentile(
      values,
      0.99,
    )} ms  max ${Math.max(...values)} ms`;
  process.stdout.write(
    [
      `\n${APPROVALS} approvals on the demo fleet (${sim.clusters.length} clusters) in a steady state, pods start in ${POD_STARTUP_MS} ms, the store on ${database.label}`,
      line('approval → first write', toFirstWrite),
      line('approval → applied', toApplied),
      `and one during the startup pass: first write ${during.firstWrite} ms, applied ${during.applied} ms`,
      '',
    ].join('\n'),
  );
  await backend.stop();
  await sim.stop();
  // Backstage's database manager leaves SQLite connections open at shutdown
  // (their pool's reaping timer would keep this process alive): end it once
  // the figures are out.
  process.stdout.write('', () => process.exit(0));
}

async function waitFor(done: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
