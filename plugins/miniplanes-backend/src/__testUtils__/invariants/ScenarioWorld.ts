import { RootConfigService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  SimulatedCluster,
  SimulatedFleet,
  startFleet,
} from '@miniplanes/kube-sim';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { stringify } from 'yaml';
import { locatedSimulatedCluster } from '../simulatedClusters';
import { BackendInstance, startBackend } from './backendInstance';
import { ClusterShape, Scenario } from './scenario';
import {
  postgresDatabase,
  ScenarioDatabase,
  sqliteDatabase,
} from './scenarioDatabase';

/** The field manager of everything the scenario itself writes (foreign objects, drift, nodes). */
export const SCENARIO_MANAGER = 'scenario';

/** How a cluster is labelled now, as the locator (a catalog entity) says. */
export interface ClusterLabels {
  jurisdiction: string;
  region: string;
  group: string;
}

export function labelsOf(shape: ClusterShape): ClusterLabels {
  return {
    jurisdiction: shape.jurisdiction,
    region: shape.region,
    group: shape.group,
  };
}

/**
 * Everything a scenario runs in: its simulated clusters (the whole pool,
 * started up front), the locator that finds some of them, the configuration
 * (taints live there), the clock the backends read, the database and the
 * backend processes on it. Steps change the world through it.
 */
export class ScenarioWorld {
  readonly located = new Set<string>();
  readonly labels = new Map<string, ClusterLabels>();
  readonly spot = new Map<string, boolean>();
  backends: BackendInstance[] = [];
  private clock = Date.parse('2030-01-01T00:00:00Z');
  /** The scenario's own connection pools to TLS clusters, by cluster. */
  private readonly agents = new Map<string, Agent>();

  private constructor(
    readonly scenario: Scenario,
    readonly sim: SimulatedFleet,
    readonly config: RootConfigService & { update(o: { data: any }): void },
    private readonly fleetDirectory: string,
    private readonly fleetPath: string,
    readonly database: ScenarioDatabase,
  ) {
    for (const c of scenario.clusters) {
      if (c.located) this.located.add(c.name);
      this.labels.set(c.name, labelsOf(c));
      this.spot.set(c.name, c.spotTaint);
    }
  }

  static async start(
    scenario: Scenario,
    options: { postgresUrl?: string },
  ): Promise<ScenarioWorld> {
    const fleetFile = {
      jurisdictions: scenario.jurisdictions,
      governance: scenario.governance,
      clusters: scenario.clusters.map(c => ({
        name: c.name,
        labels: { ...labelsOf(c), provider: 'sim' },
        capabilities: c.capabilities,
        nodes: {
          count: c.nodes.count,
          cpu: String(c.nodes.cpu),
          memory: '32Gi',
        },
      })),
    };
    const sim = await startFleet(fleetFile, {
      insecure: !scenario.tls,
      podStartupMs: 10,
      recordEvents: false,
    });
    const fleetDirectory = mkdtempSync(join(tmpdir(), 'miniplanes-fleet-'));
    const fleetPath = join(fleetDirectory, 'fleet.yaml');
    writeFileSync(fleetPath, stringify(fleetFile));
    const config = mockServices.rootConfig({ data: {} });
    const database =
      scenario.replicas === 2 && options.postgresUrl
        ? await postgresDatabase(options.postgresUrl)
        : await sqliteDatabase();
    const world = new ScenarioWorld(
      scenario,
      sim,
      config,
      fleetDirectory,
      fleetPath,
      database,
    );
    world.updateConfig();
    const count = database.engine === 'postgres' ? scenario.replicas : 1;
    for (let i = 0; i < count; i += 1) {
      world.backends.push(await world.startBackend());
    }
    return world;
  }

  /** The configuration every backend reads: the fleet file, health probing, taints. */
  updateConfig() {
    this.config.update({
      data: {
        miniplanes: {
          fleet: { file: this.fleetPath },
          health: { failureThreshold: 1, timeoutMs: 600 },
          clusters: Object.fromEntries(
            [...this.spot].map(([name, spot]) => [
              name,
              {
                taints: spot
                  ? [{ key: 'spot', value: 'true', effect: 'NoSchedule' }]
                  : [],
              },
            ]),
          ),
        },
      },
    });
  }

  now = () => new Date(this.clock);

  advanceClock(ms: number) {
    this.clock += ms;
  }

  cluster(name: string): SimulatedCluster {
    return this.sim.cluster(name);
  }

  get clusterNames(): string[] {
    return this.scenario.clusters.map(c => c.name);
  }

  /** A backend process on the scenario's database, finding the located clusters. */
  startBackend(): Promise<BackendInstance> {
    return startBackend({
      knex: this.database.connect(),
      config: this.config,
      now: this.now,
      shards: this.scenario.shards ?? 1,
      echoedWritesMin: this.scenario.echoedWritesMin,
      locator: {
        getClusters: async () =>
          this.sim.clusters
            .filter(c => this.located.has(c.name))
            .map(c => ({
              name: c.name,
              profile: { labels: { ...this.labels.get(c.name)! } },
              // Over TLS trusting the cluster's CA; else plain HTTP.
              connection: locatedSimulatedCluster(c).connection,
            })),
      },
    });
  }

  /**
   * Calls the cluster's API as someone other than miniplanes (kubectl, an
   * operator), meeting the same faults: status 0 when the call failed.
   */
  async request(
    cluster: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    /** Who writes: the scenario, unless a test impersonates someone. */
    manager = SCENARIO_MANAGER,
  ): Promise<{ status: number; body: any }> {
    const c = this.cluster(cluster);
    const url = new URL(path, c.url);
    if (method !== 'GET') url.searchParams.set('fieldManager', manager);
    let response: Awaited<ReturnType<typeof fetch>>;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        dispatcher: this.dispatcherFor(c),
        signal: AbortSignal.timeout(2000),
        headers: {
          authorization: `Bearer ${c.adminToken}`,
          'user-agent': `${manager}/1`,
          ...(body
            ? {
                'content-type':
                  method === 'PATCH'
                    ? 'application/merge-patch+json'
                    : 'application/json',
              }
            : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      text = await response.text();
    } catch {
      return { status: 0, body: undefined };
    }
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }

  /** Over TLS, a connection pool trusting the cluster's CA (it negotiates HTTP/2, as kubectl does). */
  private dispatcherFor(c: SimulatedCluster): Agent | undefined {
    if (!this.scenario.tls) return undefined;
    let agent = this.agents.get(c.name);
    if (!agent) {
      agent = new Agent({ connect: { ca: c.caPem } });
      this.agents.set(c.name, agent);
    }
    return agent;
  }

  async stop() {
    for (const backend of this.backends) {
      if (!backend.killed) await backend.kill();
    }
    await Promise.all([...this.agents.values()].map(agent => agent.close()));
    await this.sim.stop();
    await this.database.dispose();
    rmSync(this.fleetDirectory, { recursive: true, force: true });
  }
}
