/* eslint-disable @backstage/no-undeclared-imports, no-restricted-imports -- benchmarks are not shipped: they run on devDependencies and the tests' wiring helpers */
import { mockServices } from '@backstage/backend-test-utils';
import { metrics } from '@opentelemetry/api';
import { Knex } from 'knex';
import { ClusterClientPool } from '../cluster/ClusterClientPool';
import { requestsAndSync } from '../__testUtils__/requestsAndSync';
import { locatedSimulatedCluster } from '../__testUtils__/simulatedClusters';
import { storesFleetAndPlacement } from '../__testUtils__/storesFleetAndPlacement';
import { RemoteCluster } from './fleetProcess';

/**
 * A backend as the plugin wires it, for the sync benchmarks: its stores on
 * the given database, the fleet of the fleet file located at the given
 * kube-sim clusters, placement, requests (nobody notified, nothing audited)
 * and the sync's wiring (its metrics recorded), with cluster calls allowed
 * 30 s; `clients.stop()` ends its watches.
 */
export async function benchBackend(options: {
  knex: Knex;
  fleetPath: string;
  clusters: RemoteCluster[];
}) {
  const { knex } = options;
  const logger = mockServices.rootLogger({ level: 'warn' });
  const lower = await storesFleetAndPlacement({
    knex,
    config: mockServices.rootConfig({
      data: { miniplanes: { fleet: { file: options.fleetPath } } },
    }),
    logger,
    locator: {
      getClusters: async () => options.clusters.map(locatedSimulatedCluster),
    },
    now: () => new Date(),
    gracePeriodMs: 60_000,
  });
  await lower.fleet.refresh();
  const clients = new ClusterClientPool({ timeoutMs: 30_000 });
  const upper = requestsAndSync({
    ...lower,
    logger,
    now: () => new Date(),
    notifications: { send: async () => {} },
    auditor: {
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    },
    clients,
    backoff: { initialMs: 200, maxMs: 2000 },
    // As the plugin records them: OpenTelemetry's meter, which without an
    // SDK (none here) keeps nothing, so what is measured is the sync's own
    // counting.
    metrics: metrics.getMeter('backstage-plugin-miniplanes'),
  });
  return { knex, logger, clients, ...lower, ...upper };
}
