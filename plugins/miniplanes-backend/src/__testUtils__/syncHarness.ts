import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  FederatedService,
  parseFederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { SimulatedFleet, startFleetFromText } from '@miniplanes/kube-sim';
import { Knex } from 'knex';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FleetService } from '../fleet/FleetService';
import {
  failoverHealthFilter,
  placementPipeline,
} from '../placement/failoverHealthFilter';
import { PlacementService } from '../placement/PlacementService';
import { RequestNotifier } from '../requests/RequestNotifier';
import { RequestService } from '../requests/RequestService';
import { DatabaseClusterStatusStore } from '../store/DatabaseClusterStatusStore';
import { DatabaseMiniplanesStore } from '../store/DatabaseMiniplanesStore';
import { ClusterBackoff } from '../cluster/ClusterBackoff';
import { ClusterClientPool } from '../cluster/ClusterClientPool';
import {
  kubeConfigFor,
  loadClientNode,
} from '../cluster/KubernetesClusterClient';
import { SyncEngine } from '../sync/SyncEngine';
import { SyncService } from '../sync/SyncService';

export const examples = resolvePackagePath(
  '@miniplanes/plugin-miniplanes-backend',
  '../../examples',
);

export function exampleService(name: string): FederatedService {
  const parsed = parseFederatedService(
    readFileSync(resolve(examples, `services/${name}.yaml`), 'utf8'),
  );
  if (!parsed.ok) throw new Error(`examples/services/${name}.yaml is invalid`);
  return parsed.value;
}

/** The demo fleet simulated in process; pods start in 10 ms unless told. */
export function startDemoFleet(
  options: { tls?: boolean; podStartupMs?: number } = {},
) {
  return startFleetFromText(
    readFileSync(resolve(examples, 'fleet/demo-fleet.yaml'), 'utf8'),
    {
      podStartupMs: options.podStartupMs ?? 10,
      recordEvents: false,
      insecure: !options.tls,
    },
  );
}

/**
 * The sync wired as the plugin wires it, on SQLite, against the demo fleet
 * simulated in process, with a clock the test moves for failover.
 */
export async function startSyncHarness(options: {
  databases: TestDatabases;
  gracePeriodMs?: number;
  /** Serve HTTPS with a CA per cluster, as real clusters do; slow to set up (~13 s). */
  tls?: boolean;
  podStartupMs?: number;
}) {
  const sim = await startDemoFleet({
    tls: options.tls,
    podStartupMs: options.podStartupMs,
  });
  const replica = await startSyncReplica({
    sim,
    knex: await options.databases.init('SQLITE_3'),
    gracePeriodMs: options.gracePeriodMs,
    tls: options.tls,
  });
  return { ...replica, sim, stop: () => sim.stop() };
}

/**
 * One backend replica's sync (stores, fleet, placement, requests, sync) on
 * the given database and simulated fleet; several replicas may share both.
 */
export async function startSyncReplica(options: {
  sim: SimulatedFleet;
  knex: Knex;
  gracePeriodMs?: number;
  tls?: boolean;
}) {
  const { sim } = options;
  let clock = Date.now();
  const now = () => new Date(clock);
  const logger = mockServices.logger.mock();
  const config = mockServices.rootConfig({
    data: {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: sim.clusters.map(c => ({
              name: c.name,
              url: c.url,
              caData: c.caData,
              serviceAccountToken: c.adminToken,
              // client-node refuses plain HTTP unless told not to verify TLS.
              skipTLSVerify: !options.tls,
            })),
          },
        ],
      },
      miniplanes: {
        fleet: { file: resolve(examples, 'fleet/demo-fleet.yaml') },
        health: { failureThreshold: 1, timeoutMs: 2000 },
      },
    },
  });
  const database = mockServices.database({ knex: options.knex });
  const store = await DatabaseMiniplanesStore.create({ database });
  const statusStore = await DatabaseClusterStatusStore.create({ database });
  const fleet = FleetService.create({ config, logger, suppliers: [], now });
  const placement = new PlacementService(
    store,
    fleet,
    logger,
    placementPipeline(
      failoverHealthFilter({
        gracePeriodMs: options.gracePeriodMs ?? 60_000,
        now,
      }),
    ),
  );
  const requests = new RequestService({
    store,
    statusStore,
    placement,
    notifier: new RequestNotifier({
      notifications: { send: async () => {} },
      logger,
      approverGroup: 'group:default/platform-team',
    }),
    auditor: mockServices.auditor.mock(),
  });
  const sync = new SyncService({
    store,
    statusStore,
    fleet,
    requests,
    logger,
    clients: new ClusterClientPool({ timeoutMs: 3000 }),
    engine: new SyncEngine({
      concurrencyPerCluster: 8,
      backoff: new ClusterBackoff({ initialMs: 200, maxMs: 2000 }),
    }),
  });
  await fleet.refresh();

  /** Objects as another client (kubectl, an operator) sees and edits them. */
  const foreignApi = async (cluster: string) => {
    const { KubernetesObjectApi } = await loadClientNode();
    const c = sim.cluster(cluster);
    return KubernetesObjectApi.makeApiClient(
      await kubeConfigFor({
        name: cluster,
        url: c.url,
        caData: c.caData,
        token: c.adminToken,
        skipTLSVerify: !options.tls,
      }),
    );
  };

  return {
    logger,
    database,
    store,
    statusStore,
    fleet,
    placement,
    requests,
    sync,
    foreignApi,
    advanceClock: (ms: number) => {
      clock += ms;
    },
  };
}

export type SyncHarness = Awaited<ReturnType<typeof startSyncHarness>>;
export type SyncReplica = Awaited<ReturnType<typeof startSyncReplica>>;
