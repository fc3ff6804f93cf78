/*
 * Benchmark (not a test): full placement evaluation of many services over a
 * large fleet, on one core. Run: yarn workspace @miniplanes/plugin-miniplanes-common run bench
 * Prints the time for 10,000 services × 1,000 clusters, and how it scales
 * as each dimension doubles.
 */
import { evaluatePlacement } from '../placement/evaluatePlacement';
import { ClusterProfile, FederatedService, Fleet } from '../model/types';

/** A small deterministic PRNG, so every run evaluates the same inputs. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

const JURISDICTIONS = [
  'US',
  'US',
  'US',
  'FR',
  'DE',
  'IE',
  'JP',
  'BR',
  'IN',
  'AU',
];

function makeFleet(size: number): Fleet {
  const next = random(7);
  const clusters: ClusterProfile[] = Array.from({ length: size }, (_, i) => {
    const jurisdiction =
      JURISDICTIONS[Math.floor(next() * JURISDICTIONS.length)];
    return {
      name: `cluster-${String(i).padStart(5, '0')}`,
      labels: {
        jurisdiction,
        region: `${jurisdiction.toLowerCase()}-${Math.floor(next() * 4)}`,
        provider: next() < 0.5 ? 'aws' : 'gcp',
      },
      capabilities: [
        next() < 0.3 ? 'storage' : '',
        next() < 0.1 ? 'gpu' : '',
        next() < 0.2 ? 'spot' : '',
      ].filter(Boolean),
      taints:
        next() < 0.2
          ? [{ key: 'spot', value: 'true', effect: 'NoSchedule' as const }]
          : [],
      capacity: {
        cpu: 16 + Math.floor(next() * 112),
        memory: 2 ** 38,
        gpu: next() < 0.1 ? 8 : 0,
      },
      health: { healthy: next() > 0.02 },
    };
  });
  return {
    jurisdictions: { EU: ['FR', 'DE', 'IE'] },
    governance: [
      { classification: 'airline-data', allowedJurisdictions: ['US'] },
    ],
    clusters,
  };
}

function makeServices(count: number): FederatedService[] {
  const next = random(11);
  return Array.from({ length: count }, (_, i) => {
    const hasData = next() < 0.3;
    const workload = (kind: string, name: string) => ({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name },
      spec: {
        replicas: 2,
        template: {
          spec: {
            containers: [
              {
                name,
                image: `${name}:1`,
                resources: { requests: { cpu: '500m', memory: '1Gi' } },
              },
            ],
          },
        },
      },
    });
    return {
      apiVersion: 'miniplanes.io/v1alpha1' as const,
      kind: 'FederatedService' as const,
      metadata: { name: `svc-${i}`, entityRef: `component:default/svc-${i}` },
      spec: {
        ...(hasData
          ? {
              data: {
                classification: 'airline-data',
                residency: [next() < 0.5 ? 'US' : 'EU'],
              },
            }
          : {}),
        placement: {
          ...(next() < 0.3
            ? { clusterSelector: { matchLabels: { provider: 'aws' } } }
            : {}),
          ...(next() < 0.2 ? { requires: ['storage'] } : {}),
          ...(next() < 0.2
            ? { tolerations: [{ key: 'spot', operator: 'Exists' as const }] }
            : {}),
          ...(next() < 0.3 ? { spread: { by: 'region', min: 2, max: 5 } } : {}),
          replicas:
            next() < 0.5
              ? {
                  total: 12,
                  mode: 'Divided' as const,
                  weighting: 'Capacity' as const,
                }
              : { total: 2, mode: 'Duplicated' as const },
        },
        resources: [
          ...(hasData
            ? [
                {
                  role: 'data' as const,
                  manifest: workload('StatefulSet', 'db'),
                },
              ]
            : []),
          { role: 'compute' as const, manifest: workload('Deployment', 'api') },
        ],
      },
    };
  });
}

function measure(services: number, clusters: number): number {
  const fleet = makeFleet(clusters);
  const docs = makeServices(services);
  const started = process.hrtime.bigint();
  let selected = 0;
  for (const service of docs) {
    const decision = evaluatePlacement({ service, fleet });
    selected += decision.summary.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (selected === 0) throw new Error('nothing was placed');
  return seconds;
}

const base = {
  services: Number(process.env.BENCH_SERVICES ?? 10_000),
  clusters: Number(process.env.BENCH_CLUSTERS ?? 1_000),
};
measure(500, 100); // warm up the JIT
const t = measure(base.services, base.clusters);
const ts = measure(base.services * 2, base.clusters);
const tc = measure(base.services, base.clusters * 2);
const line = (label: string, seconds: number) =>
  `${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  (${(
    (seconds / t) *
    100
  ).toFixed(0)}% of base)`;
process.stdout.write(
  [
    `placement evaluation benchmark (Node ${process.version}, one core)`,
    line(`${base.services} services × ${base.clusters} clusters`, t),
    line(`${base.services * 2} services × ${base.clusters} clusters`, ts),
    line(`${base.services} services × ${base.clusters * 2} clusters`, tc),
    `per service over ${base.clusters} clusters: ${(
      (t / base.services) *
      1e3
    ).toFixed(3)} ms; goal: < 1 s in all`,
    '',
  ].join('\n'),
);
