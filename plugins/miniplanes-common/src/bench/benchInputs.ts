/*
 * The inputs of the placement benchmark: a synthetic fleet and services,
 * generated from fixed seeds so that every run evaluates the same inputs.
 */
import {
  ClusterProfile,
  FederatedService,
  Fleet,
  LabelSelector,
  Taint,
  Toleration,
} from '../model/types';
import {
  manifestReplicas,
  manifestsOfRole,
  replicaRequests,
  resourceId,
} from '../placement/workloads';
import { settingsResource, workloadManifest } from './syntheticResources';

/** A small deterministic PRNG, so every run evaluates the same inputs. */
export function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

type Random = ReturnType<typeof random>;

const pick = <T>(next: Random, items: readonly T[]): T =>
  items[Math.floor(next() * items.length)];

/** A few of `items`, each kept with probability `p`, in order. */
const some = <T>(next: Random, items: readonly T[], p: number): T[] =>
  items.filter(() => next() < p);

const JURISDICTIONS = [
  'US',
  'US',
  'US',
  'FR',
  'DE',
  'IE',
  'NL',
  'JP',
  'SG',
  'BR',
  'IN',
  'AU',
];
const GROUPS = {
  EU: ['FR', 'DE', 'IE', 'NL'],
  APAC: ['JP', 'SG', 'IN', 'AU'],
  AMERICAS: ['US', 'BR'],
};
const PROVIDERS = ['aws', 'gcp', 'azure', 'onprem'];
const TIERS = ['gold', 'silver', 'bronze'];
const CAPABILITIES = [
  'storage',
  'gpu',
  'spot',
  'ssd',
  'arm64',
  'sriov',
  'fips',
  'highmem',
];
const TAINTS: { taint: Taint; p: number }[] = [
  { taint: { key: 'spot', value: 'true', effect: 'NoSchedule' }, p: 0.2 },
  { taint: { key: 'dedicated', value: 'ml', effect: 'NoSchedule' }, p: 0.05 },
  { taint: { key: 'maintenance', effect: 'NoExecute' }, p: 0.03 },
  { taint: { key: 'preemptible', effect: 'PreferNoSchedule' }, p: 0.1 },
];
const CRDS = [
  'mongodbcommunity.mongodb.com/v1/MongoDBCommunity',
  'kafka.strimzi.io/v1beta2/Kafka',
  'postgresql.cnpg.io/v1/Cluster',
];
const CORE_KINDS = [
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'v1/ConfigMap',
  'v1/Service',
];
const GiB = 2 ** 30;

/**
 * A fleet of `size` clusters in twelve jurisdictions: labels (jurisdiction,
 * region, zone, provider, tier, env, team), capabilities, hard and soft
 * taints, capacity with what already runs there (allocated), a few
 * unhealthy or unknown clusters, and most reporting the kinds they serve.
 */
export function makeFleet(size: number, seed = 7): Fleet {
  const next = random(seed);
  const clusters: ClusterProfile[] = Array.from({ length: size }, (_, i) => {
    const jurisdiction = pick(next, JURISDICTIONS);
    const region = `${jurisdiction.toLowerCase()}-${Math.floor(next() * 4)}`;
    const nodes = 3 + Math.floor(next() * 30);
    const cpu = nodes * pick(next, [8, 16, 32, 64]);
    const memory = cpu * pick(next, [2, 4, 8]) * GiB;
    const gpu = next() < 0.1 ? nodes * 4 : 0;
    const busy = next() * 0.95;
    const health = next();
    return {
      name: `cluster-${String(i).padStart(5, '0')}`,
      labels: {
        jurisdiction,
        region,
        zone: `${region}${pick(next, ['a', 'b', 'c'])}`,
        provider: pick(next, PROVIDERS),
        tier: pick(next, TIERS),
        env: next() < 0.7 ? 'prod' : 'staging',
        ...(next() < 0.6 ? { team: `team-${Math.floor(next() * 40)}` } : {}),
      },
      capabilities: some(next, CAPABILITIES, 0.25),
      taints: TAINTS.filter(t => next() < t.p).map(t => t.taint),
      capacity: { cpu, memory, gpu },
      allocated: {
        cpu: Math.round(cpu * busy),
        memory: Math.round(memory * busy * next()),
        gpu: Math.floor(gpu * busy),
      },
      health:
        health < 0.97
          ? { healthy: true, status: 'Healthy' as const }
          : {
              healthy: false,
              status: health < 0.985 ? 'Unhealthy' : 'Unknown',
              since: new Date(
                Date.UTC(2026, 0, 1, 12) - Math.floor(next() * 600_000),
              ).toISOString(),
            },
      ...(next() < 0.7
        ? { servedResources: [...CORE_KINDS, ...some(next, CRDS, 0.5)] }
        : {}),
    };
  });
  return {
    jurisdictions: GROUPS,
    governance: [
      { classification: 'airline-data', allowedJurisdictions: ['US'] },
      { classification: 'pii', allowedJurisdictions: ['EU', 'US'] },
      { classification: 'health', allowedJurisdictions: ['EU'] },
    ],
    clusters,
  };
}

/**
 * The fleet after a change: a few clusters gone, a few new, some turned
 * unhealthy (some within a failover grace period) and what runs
 * everywhere changed.
 */
export function changeFleet(fleet: Fleet, seed = 13): Fleet {
  const next = random(seed);
  const size = fleet.clusters.length;
  const newcomers = makeFleet(
    Math.max(1, Math.round(size / 100)),
    seed,
  ).clusters.map(c => ({ ...c, name: `${c.name}-new` }));
  const clusters = fleet.clusters
    .filter(() => next() > 0.01)
    .map(cluster => {
      const busy = next() * 0.95;
      const failing = next() < 0.03;
      return {
        ...cluster,
        allocated: {
          cpu: Math.round(cluster.capacity.cpu * busy),
          memory: Math.round(cluster.capacity.memory * busy),
          gpu: Math.floor(cluster.capacity.gpu * busy),
        },
        health: failing
          ? {
              healthy: false,
              status: 'Unhealthy' as const,
              since: new Date(
                Date.UTC(2026, 0, 1, 12) - Math.floor(next() * 300_000),
              ).toISOString(),
              message: 'connection refused',
            }
          : cluster.health,
      };
    });
  return { ...fleet, clusters: [...clusters, ...newcomers] };
}

/** A workload whose container runs the image `<name>:1`. */
const workload = (
  kind: string,
  name: string,
  replicas: number,
  requests: Record<string, string>,
) => workloadManifest(kind, name, replicas, requests, { image: `${name}:1` });

/**
 * Services with about a hundred distinct placement policies between them,
 * as an organisation's services often share a few templates.
 */
export function makeSharedServices(count: number): FederatedService[] {
  const next = random(11);
  const requests = { cpu: '500m', memory: '1Gi' };
  return Array.from({ length: count }, (_, i) => {
    const hasData = next() < 0.3;
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
                  manifest: workload('StatefulSet', 'db', 2, requests),
                },
              ]
            : []),
          {
            role: 'compute' as const,
            manifest: workload('Deployment', 'api', 2, requests),
          },
        ],
      },
    };
  });
}

const LABEL_VALUES: Record<string, () => string[]> = {
  jurisdiction: () => JURISDICTIONS,
  provider: () => PROVIDERS,
  tier: () => TIERS,
  env: () => ['prod', 'staging'],
  team: () => Array.from({ length: 40 }, (_, i) => `team-${i}`),
  region: () =>
    JURISDICTIONS.flatMap(j =>
      [0, 1, 2, 3].map(n => `${j.toLowerCase()}-${n}`),
    ),
};

function randomSelector(next: Random): LabelSelector | undefined {
  if (next() < 0.25) return undefined;
  const keys = Object.keys(LABEL_VALUES);
  const matchLabels: Record<string, string> = {};
  for (const key of some(next, ['provider', 'tier', 'env'], 0.25))
    matchLabels[key] = pick(next, LABEL_VALUES[key]());
  const matchExpressions = Array.from(
    { length: Math.floor(next() * 3) },
    () => {
      const operator = pick(next, [
        'In',
        'In',
        'NotIn',
        'Exists',
        'DoesNotExist',
      ] as const);
      // Only some clusters have a team: the other keys are on every cluster.
      const key =
        operator === 'Exists' || operator === 'DoesNotExist'
          ? 'team'
          : pick(next, keys);
      const values =
        operator === 'In' || operator === 'NotIn'
          ? some(next, LABEL_VALUES[key](), operator === 'In' ? 0.5 : 0.15)
          : undefined;
      return { key, operator, ...(values ? { values } : {}) };
    },
  );
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}

function randomTolerations(next: Random): Toleration[] {
  const tolerations: Toleration[] = [];
  if (next() < 0.3) tolerations.push({ key: 'spot', operator: 'Exists' });
  if (next() < 0.1)
    tolerations.push({ key: 'dedicated', operator: 'Equal', value: 'ml' });
  if (next() < 0.05)
    tolerations.push({ key: 'maintenance', operator: 'Exists' });
  if (next() < 0.3)
    tolerations.push({ key: 'preemptible', effect: 'PreferNoSchedule' });
  return tolerations;
}

/**
 * What placement reads of a service, names left out: services alike here
 * have the same placement policy.
 */
export function policyOf(service: FederatedService): string {
  return JSON.stringify([
    service.spec.placement,
    service.spec.data ?? null,
    (['data', 'compute', 'config'] as const).map(role => [
      manifestsOfRole(service, role).map(resourceId),
      replicaRequests(service, role),
      manifestReplicas(service, role),
    ]),
  ]);
}

/**
 * Services whose placement policies are all distinct: selectors with every
 * operator, required capabilities, tolerations, spreads by any label,
 * Duplicated, Divided by capacity or by static weights, residencies and
 * classifications, requests per replica, served kinds. A policy drawn twice
 * is drawn again.
 */
export function makeDistinctServices(count: number): FederatedService[] {
  const next = random(23);
  const seen = new Set<string>();
  const services: FederatedService[] = [];
  while (services.length < count) {
    const service = randomService(next, services.length);
    const policy = policyOf(service);
    if (seen.has(policy)) continue;
    seen.add(policy);
    services.push(service);
  }
  return services;
}

function randomReplicas(next: Random) {
  const mode = next();
  if (mode < 0.4)
    return { total: 1 + Math.floor(next() * 5), mode: 'Duplicated' as const };
  if (mode < 0.8)
    return {
      total: 1 + Math.floor(next() * 60),
      mode: 'Divided' as const,
      weighting: 'Capacity' as const,
    };
  return {
    total: 1 + Math.floor(next() * 60),
    mode: 'Divided' as const,
    weighting: 'Static' as const,
    weights: Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({
      clusters: { matchLabels: { tier: pick(next, TIERS) } },
      weight: 1 + Math.floor(next() * 10),
    })),
  };
}

function randomService(next: Random, i: number): FederatedService {
  const hasData = next() < 0.35;
  const hasCompute = !hasData || next() < 0.8;
  const classification = hasData
    ? pick(next, ['airline-data', 'pii', 'health', 'public', undefined])
    : undefined;
  const residency =
    hasData || next() < 0.2
      ? some(next, ['US', 'EU', 'APAC', 'FR', 'JP', 'BR', 'AMERICAS'], 0.3)
      : [];
  const selector = randomSelector(next);
  const requires = some(next, CAPABILITIES, 0.08);
  const tolerations = randomTolerations(next);
  const spread =
    next() < 0.45
      ? (() => {
          const min = 1 + Math.floor(next() * 3);
          return {
            by: pick(next, ['region', 'zone', 'jurisdiction', 'provider']),
            min,
            max: min + Math.floor(next() * 5),
          };
        })()
      : undefined;
  const replicas = randomReplicas(next);
  const requests = {
    cpu: `${50 * (1 + Math.floor(next() * 160))}m`,
    memory: `${64 * (1 + Math.floor(next() * 256))}Mi`,
    ...(next() < 0.05 ? { 'nvidia.com/gpu': '1' } : {}),
  };
  const name = `svc-${i}`;
  const data =
    next() < 0.3
      ? {
          apiVersion: 'mongodbcommunity.mongodb.com/v1',
          kind: 'MongoDBCommunity',
          metadata: { name: `${name}-db` },
          spec: { members: 3 },
        }
      : workload('StatefulSet', `${name}-db`, 1 + Math.floor(next() * 3), {
          cpu: requests.cpu,
          memory: requests.memory,
        });
  return {
    apiVersion: 'miniplanes.io/v1alpha1' as const,
    kind: 'FederatedService' as const,
    metadata: { name, entityRef: `component:default/${name}` },
    spec: {
      ...(classification || residency.length
        ? {
            data: {
              ...(classification ? { classification } : {}),
              ...(residency.length ? { residency } : {}),
            },
          }
        : {}),
      placement: {
        ...(selector ? { clusterSelector: selector } : {}),
        ...(requires.length ? { requires } : {}),
        ...(tolerations.length ? { tolerations } : {}),
        ...(spread ? { spread } : {}),
        replicas,
        ...(next() < 0.3 ? { computeOutsideResidency: true } : {}),
      },
      resources: [
        ...(hasData ? [{ role: 'data' as const, manifest: data }] : []),
        ...(hasCompute
          ? [
              {
                role: 'compute' as const,
                manifest: workload('Deployment', `${name}-api`, 2, requests),
              },
            ]
          : []),
        ...(next() < 0.3 ? [settingsResource(name)] : []),
      ],
    },
  };
}
