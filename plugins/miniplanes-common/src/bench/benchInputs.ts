/*
 * The inputs of the placement benchmark: a synthetic fleet and services,
 * generated from fixed seeds so that every run evaluates the same inputs.
 */
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

export function makeFleet(size: number): Fleet {
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

export function makeServices(count: number): FederatedService[] {
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
