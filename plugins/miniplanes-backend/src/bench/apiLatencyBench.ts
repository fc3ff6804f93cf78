/* eslint-disable @backstage/no-undeclared-imports -- benchmarks are not shipped: they run on devDependencies */
/*
 * Benchmark (not a test): REST latency with 1,000 federated services over a
 * 50-cluster fleet, through the real plugin on an in-memory SQLite store.
 * Run: yarn workspace @miniplanes/plugin-miniplanes-backend run bench
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { parseFederatedService } from '@miniplanes/plugin-miniplanes-common';
import { miniplanesPlugin } from '../plugin';
import { runBench } from './runBench';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const JURISDICTIONS = ['US', 'US', 'FR', 'DE', 'JP'];

function service(i: number) {
  return {
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: { name: `svc-${i}`, entityRef: `component:default/svc-${i}` },
    spec: {
      ...(i % 3 === 0
        ? { data: { classification: 'airline-data', residency: ['US'] } }
        : {}),
      placement: {
        ...(i % 4 === 0 ? { requires: ['storage'] } : {}),
        ...(i % 5 === 0 ? { spread: { by: 'region', min: 2 } } : {}),
        replicas: { total: 6, mode: 'Divided', weighting: 'Capacity' },
      },
      resources: [
        ...(i % 3 === 0
          ? [
              {
                role: 'data',
                manifest: {
                  apiVersion: 'apps/v1',
                  kind: 'StatefulSet',
                  metadata: { name: 'db' },
                  spec: {
                    replicas: 3,
                    serviceName: 'db',
                    selector: { matchLabels: { app: 'db' } },
                    template: {
                      metadata: { labels: { app: 'db' } },
                      spec: {
                        containers: [{ name: 'db', image: 'postgres:16' }],
                      },
                    },
                  },
                },
              },
            ]
          : []),
        {
          role: 'compute',
          manifest: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'api' },
            spec: {
              selector: { matchLabels: { app: 'api' } },
              template: {
                metadata: { labels: { app: 'api' } },
                spec: {
                  containers: [
                    {
                      name: 'api',
                      image: 'api:1',
                      resources: { requests: { cpu: '500m' } },
                    },
                  ],
                },
              },
            },
          },
        },
      ],
    },
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function time(
  label: string,
  run: (i: number) => Promise<{ status: number }>,
) {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = process.hrtime.bigint();
    const res = await run(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
  }
  samples.sort((a, b) => a - b);
  process.stdout.write(
    `${label.padEnd(44)} p50 ${percentile(samples, 50)
      .toFixed(1)
      .padStart(6)} ms   p99 ${percentile(samples, 99)
      .toFixed(1)
      .padStart(6)} ms\n`,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'miniplanes-bench-'));
  const seed = join(dir, 'services');
  require('node:fs').mkdirSync(seed);
  writeFileSync(
    join(dir, 'fleet.yaml'),
    stringify({
      governance: [
        { classification: 'airline-data', allowedJurisdictions: ['US'] },
      ],
      clusters: Array.from({ length: CLUSTERS }, (_, i) => ({
        name: `cluster-${i}`,
        labels: {
          jurisdiction: JURISDICTIONS[i % 5],
          region: `region-${i % 10}`,
        },
        capabilities: i % 2 ? ['storage'] : [],
        nodes: { count: 3, cpu: String(8 + (i % 7) * 8), memory: '64Gi' },
      })),
    }),
  );
  for (let i = 0; i < SERVICES; i++) {
    // Measured on services the backend takes: a refused seed is skipped,
    // so its requests would time 404s.
    const parsed = parseFederatedService(service(i));
    if (!parsed.ok)
      throw new Error(
        `the benchmark's service ${i} is invalid: ${parsed.issues
          .map(issue => `${issue.path}: ${issue.message}`)
          .join('; ')}`,
      );
    writeFileSync(join(seed, `svc-${i}.yaml`), stringify(service(i)));
  }

  const started = Date.now();
  const backend = await startTestBackend({
    features: [
      miniplanesPlugin,
      mockServices.rootConfig.factory({
        data: {
          miniplanes: {
            fleet: { file: join(dir, 'fleet.yaml') },
            seed: { directory: seed },
          },
        },
      }),
      mockServices.rootLogger.factory({ level: 'warn' }),
    ],
  });
  process.stdout.write(
    `REST latency, ${SERVICES} services over ${CLUSTERS} clusters, ${SAMPLES} sequential requests each (seeding took ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s)\n`,
  );
  const server = backend.server;
  const auth = { Authorization: 'Bearer mock-user-token' };
  await time('GET /services/default/component/:name', i =>
    request(server)
      .get(`/api/miniplanes/services/default/component/svc-${i % SERVICES}`)
      .set(auth),
  );
  await time('POST /preview', i =>
    request(server)
      .post('/api/miniplanes/preview')
      .set(auth)
      .send({ service: service(i % SERVICES) }),
  );
  await time('GET /clusters', () =>
    request(server).get('/api/miniplanes/clusters').set(auth),
  );
  await backend.stop();
}

runBench(main);
