import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  FederatedService,
  parseFederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { SimulatedFleet, startFleetFromText } from '@miniplanes/kube-sim';
import { Knex } from 'knex';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ServedKindScopes } from '../requests/servedKindScopes';
import { reevaluateFleet } from '../requests/reevaluateFleet';
import { RolloutControl } from '../sync/RolloutControl';
import { ClusterClientPool } from '../cluster/ClusterClientPool';
import { loadClientNode } from '../cluster/KubernetesClusterClient';
import { storesFleetAndPlacement } from './storesFleetAndPlacement';
import { requestsAndSync } from './requestsAndSync';

export const examples = resolvePackagePath(
  '@miniplanes/plugin-miniplanes-backend',
  '../../examples',
);

/** A file of the examples (say `services/storage.yaml`), as its text. */
export function exampleText(path: string): string {
  return readFileSync(resolve(examples, path), 'utf8');
}

export function exampleService(name: string): FederatedService {
  const parsed = parseFederatedService(exampleText(`services/${name}.yaml`));
  if (!parsed.ok) throw new Error(`examples/services/${name}.yaml is invalid`);
  return parsed.value;
}

/** The demo's services, by name: every `examples/services/<name>.yaml`. */
export function exampleServiceNames(): string[] {
  return readdirSync(resolve(examples, 'services'))
    .filter(file => file.endsWith('.yaml'))
    .map(file => file.slice(0, -'.yaml'.length))
    .sort();
}

export const demoFleetText = () => exampleText('fleet/demo-fleet.yaml');

/** The demo fleet (or the given one) simulated in process; pods start in 10 ms unless told. */
export function startDemoFleet(
  options: { tls?: boolean; podStartupMs?: number; fleetText?: string } = {},
) {
  return startFleetFromText(options.fleetText ?? demoFleetText(), {
    podStartupMs: options.podStartupMs ?? 10,
    recordEvents: false,
    insecure: !options.tls,
  });
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
  /** A fleet file of its own instead of the demo's. */
  fleetText?: string;
  /** The clusters the locator finds at first (default: every simulated one). */
  located?: string[];
  /** How long the sync trusts a watched list (the plugin's default when absent). */
  relistIntervalMs?: number;
  /** The portal's address (`app.baseUrl`); none when absent. */
  portal?: string;
  /** Where the sync and the requests record their metrics; none when absent. */
  metrics?: MetricsService;
}) {
  const sim = await startDemoFleet({
    tls: options.tls,
    podStartupMs: options.podStartupMs,
    fleetText: options.fleetText,
  });
  const replica = await startSyncReplica({
    sim,
    knex: await options.databases.init('SQLITE_3'),
    gracePeriodMs: options.gracePeriodMs,
    tls: options.tls,
    fleetText: options.fleetText,
    located: options.located,
    relistIntervalMs: options.relistIntervalMs,
    portal: options.portal,
    metrics: options.metrics,
  });
  return {
    ...replica,
    sim,
    stop: () => {
      replica.clients.stop();
      return sim.stop();
    },
  };
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
  fleetText?: string;
  located?: string[];
  relistIntervalMs?: number;
  portal?: string;
  metrics?: MetricsService;
}) {
  const { sim } = options;
  // The locator finds the clusters a test says, so it can add one later.
  const located = new Set(options.located ?? sim.clusters.map(c => c.name));
  const locatedLabels = new Map<string, Record<string, string>>();
  const locator = {
    getClusters: async () =>
      sim.clusters
        .filter(c => located.has(c.name))
        .map(c => ({
          name: c.name,
          ...(locatedLabels.has(c.name)
            ? { profile: { labels: locatedLabels.get(c.name)! } }
            : {}),
          connection: {
            name: c.name,
            url: c.url,
            caData: c.caData,
            token: c.adminToken,
            // client-node refuses plain HTTP unless told not to verify TLS.
            skipTLSVerify: !options.tls,
          },
        })),
  };
  const fleetFile = options.fleetText
    ? writeTempFleetFile(options.fleetText)
    : resolve(examples, 'fleet/demo-fleet.yaml');
  // Real time, shifted by what the test advances it by.
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const logger = mockServices.logger.mock();
  const notifications: NotificationSendOptions[] = [];
  const config = mockServices.rootConfig({
    data: {
      miniplanes: {
        fleet: { file: fleetFile },
        health: { failureThreshold: 1, timeoutMs: 2000 },
      },
    },
  });
  const lower = await storesFleetAndPlacement({
    knex: options.knex,
    config,
    logger,
    locator,
    now,
    gracePeriodMs: options.gracePeriodMs ?? 60_000,
  });
  const { store, fleet, placement, rollouts } = lower;
  const clients = new ClusterClientPool({
    timeoutMs: 3000,
    watchMaxAgeMs: options.relistIntervalMs,
  });
  const { requests, sync, syncWiring } = requestsAndSync({
    ...lower,
    logger,
    now,
    notifications: {
      send: async notification => {
        notifications.push(notification);
      },
    },
    auditor: mockServices.auditor.mock(),
    clients,
    servedScopes: new ServedKindScopes({ fleet, clients }),
    backoff: { initialMs: 200, maxMs: 2000 },
    portal: options.portal,
    metrics: options.metrics,
  });
  const rolloutControl = new RolloutControl({ store, rollouts, now });
  await fleet.refresh();

  /**
   * Objects as another client (kubectl, an operator) sees and edits them:
   * through client-node's own kubeconfig, so the cluster names the caller
   * as client-node, not as miniplanes (a write with no field manager is the
   * user agent's).
   */
  const foreignApi = async (cluster: string) => {
    const { KubeConfig, KubernetesObjectApi } = await loadClientNode();
    const c = sim.cluster(cluster);
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      {
        name: cluster,
        server: c.url,
        caData: c.caData,
        skipTLSVerify: !options.tls,
      },
      { name: 'admin', token: c.adminToken },
    );
    return KubernetesObjectApi.makeApiClient(kc);
  };

  return {
    logger,
    knex: options.knex,
    ...lower,
    requests,
    sync,
    syncWiring,
    clients,
    foreignApi,
    rolloutControl,
    /** Every notification sent, in order. */
    notifications,
    /** What the scheduled fleet refresh does: probe, re-place, propose data moves. */
    fleetChanged: () => reevaluateFleet({ fleet, placement, requests }),
    advanceClock: (ms: number) => {
      offset += ms;
    },
    /**
     * Lets the locator find (or lose) a cluster, with labels of its own (as
     * a catalog entity gives); the next fleet refresh sees it.
     */
    setLocated: (
      name: string,
      found: boolean,
      labels?: Record<string, string>,
    ) => {
      if (found) located.add(name);
      else located.delete(name);
      if (labels) locatedLabels.set(name, labels);
    },
  };
}

export type SyncHarness = Awaited<ReturnType<typeof startSyncHarness>>;
export type SyncReplica = Awaited<ReturnType<typeof startSyncReplica>>;

function writeTempFleetFile(text: string): string {
  const path = join(
    mkdtempSync(join(tmpdir(), 'miniplanes-fleet-')),
    'fleet.yaml',
  );
  writeFileSync(path, text);
  return path;
}
