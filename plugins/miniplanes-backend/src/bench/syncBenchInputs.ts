/* eslint-disable @backstage/no-undeclared-imports -- benchmarks are not shipped: they run on devDependencies */
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';

/** A fleet of `clusters` US clusters over five regions. */
export function benchFleetFile(clusters: number) {
  return {
    clusters: Array.from({ length: clusters }, (_, i) => ({
      name: `cluster-${i}`,
      labels: { jurisdiction: 'US', region: `region-${i % 5}` },
      nodes: { count: 3, cpu: '64', memory: '256Gi' },
    })),
  };
}

/** A stateless service on half the fleet: a Deployment and its ConfigMap per cluster. */
export function benchService(i: number, version = 1): FederatedService {
  return {
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: {
      name: `svc-${i}`,
      entityRef: `component:default/svc-${i}`,
      namespace: `team-${i % 10}`,
    },
    spec: {
      placement: {
        spread: { by: 'region', min: 2 },
        replicas: { total: 10, mode: 'Divided' },
      },
      resources: [
        {
          role: 'config',
          manifest: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `svc-${i}-config` },
            data: { version: String(version) },
          },
        },
        {
          role: 'compute',
          manifest: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: `svc-${i}` },
            spec: {
              selector: { matchLabels: { app: `svc-${i}` } },
              template: {
                metadata: { labels: { app: `svc-${i}` } },
                spec: {
                  containers: [
                    {
                      name: 'api',
                      image: `api:${version}`,
                      resources: { requests: { cpu: '10m' } },
                    },
                  ],
                },
              },
            },
          },
        },
      ],
    },
  } as FederatedService;
}
