import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  ClusterProfile,
  Fleet,
  FleetFile,
  fleetFromFile,
  GovernancePolicy,
  IgnoredClusterLabel,
  parseFleetFile,
  SovereigntyChange,
  formatValidationIssues,
  Taint,
} from '@miniplanes/plugin-miniplanes-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClusterConnection } from '../cluster/ClusterClient';
import {
  ClusterHealthRecord,
  ClusterHealthStore,
} from '../store/ClusterHealthStore';
import { SovereigntyStore } from '../store/SovereigntyStore';
import { ChangeListeners } from '../lib/ChangeListeners';
import { withoutUndefined } from '../lib/withoutUndefined';
import { deepFreeze } from '../lib/deepFreeze';
import { configClusterLocator } from './configClusterLocator';
import { probeCluster, ProbeResult } from './probeCluster';
import {
  discoverServedResources,
  servedAfterDiscovery,
} from './discoverServedResources';
import { SOVEREIGNTY_LABELS } from './sovereigntyLabels';
import { LocatedCluster, MiniplanesClusterSupplier } from './types';

interface ClusterState {
  located?: LocatedCluster;
  failures: number;
  /** Unknown until a probe reaches the cluster: unknown is not healthy. */
  status: ClusterHealthRecord['status'];
  since?: string;
  message?: string;
  probe?: ProbeResult;
  /** What discovery found the cluster serves, by group version; unknown until it answers. */
  served?: Map<string, string[]>;
  /** The same, as placement reads it. */
  servedResources?: string[];
  /** When discovery last ran (epoch ms), answered or not. */
  discoveredAt?: number;
}

const NO_LOCATOR =
  'no cluster locator finds it (listed in the fleet file or config only)';
const NO_CREDENTIALS =
  'miniplanes has no connection to it (no URL or credentials)';

/**
 * The fleet miniplanes places services on: the clusters Backstage's cluster
 * locator config and the registered suppliers (the catalog locator among
 * them) find, each with a profile merged from (lowest to highest precedence)
 * the fleet file, what the locator knows (catalog labels and capabilities),
 * the live nodes' capacity and topology, and `miniplanes.clusters.<name>`;
 * and each with a health: Unknown until a probe reaches it (and for
 * clusters no locator finds, or without credentials), Unhealthy after
 * `failureThreshold` failed probes in a row, Healthy again on the first
 * success. Health is kept in the store, so a restart neither forgets an
 * outage nor trusts a cluster it has not reached.
 *
 * Sovereignty labels (jurisdiction) are taken only from the operator's
 * sources: config, the fleet file, suppliers a backend module adds, and
 * catalog entities from `miniplanes.catalog.trustedLocations`. Every change
 * of one is recorded in the sovereignty store and announced, and the fleet
 * refresh that saw it re-checks every service.
 */
export class FleetService {
  private readonly states = new Map<string, ClusterState>();
  /** The fleet file as a fleet, worked out once: every read of the fleet starts from it. */
  private fromFile?: Fleet;
  private fileClusters = new Map<string, FleetFile['clusters'][number]>();
  private stored?: Map<string, ClusterHealthRecord>;

  private constructor(
    private readonly config: Config,
    private readonly logger: LoggerService,
    private readonly suppliers: MiniplanesClusterSupplier[],
    private readonly options: {
      failureThreshold: number;
      probeTimeoutMs: number;
      discoveryIntervalMs: number;
      now: () => Date;
      healthStore?: ClusterHealthStore;
      sovereigntyStore?: SovereigntyStore;
    },
  ) {}

  private readonly sovereigntyListeners =
    new ChangeListeners<SovereigntyChange>();

  static create(options: {
    config: Config;
    logger: LoggerService;
    suppliers: MiniplanesClusterSupplier[];
    now?: () => Date;
    /** Where health survives restarts; without it every start is Unknown. */
    healthStore?: ClusterHealthStore;
    /** Where sovereignty label changes are recorded; without it they are only logged. */
    sovereigntyStore?: SovereigntyStore;
  }): FleetService {
    const { config } = options;
    const service = new FleetService(
      config,
      options.logger,
      options.suppliers,
      {
        failureThreshold:
          config.getOptionalNumber('miniplanes.health.failureThreshold') ?? 3,
        probeTimeoutMs:
          config.getOptionalNumber('miniplanes.health.timeoutMs') ?? 5000,
        discoveryIntervalMs: durationToMilliseconds(
          config.has('miniplanes.health.discoveryInterval')
            ? readDurationFromConfig(config, {
                key: 'miniplanes.health.discoveryInterval',
              })
            : { minutes: 5 },
        ),
        now: options.now ?? (() => new Date()),
        healthStore: options.healthStore,
        sovereigntyStore: options.sovereigntyStore,
      },
    );
    service.loadFleetFile();
    return service;
  }

  private loadFleetFile() {
    const path = this.config.getOptionalString('miniplanes.fleet.file');
    if (!path) return;
    const result = parseFleetFile(readFileSync(resolve(path), 'utf8'));
    if (!result.ok) {
      throw new Error(
        `miniplanes.fleet.file ${path} is invalid:\n${formatValidationIssues(
          result.issues,
        )}`,
      );
    }
    this.fromFile = deepFreeze(fleetFromFile(result.value));
    this.fileClusters = new Map(result.value.clusters.map(c => [c.name, c]));
  }

  /** Finds the clusters again and probes every one of them, all at once. */
  async refresh(): Promise<void> {
    const { healthStore } = this.options;
    if (!this.stored && healthStore) {
      this.stored = new Map(
        (await healthStore.list()).map(r => [r.cluster, r]),
      );
    }
    const located = [
      ...configClusterLocator(this.config),
      ...(await Promise.all(this.suppliers.map(s => s.getClusters()))).flat(),
    ];
    const seen = new Set<string>();
    for (const cluster of located) {
      seen.add(cluster.name);
      const state =
        this.states.get(cluster.name) ?? this.restored(cluster.name);
      state.located = cluster;
      this.states.set(cluster.name, state);
    }
    for (const name of this.states.keys())
      if (!seen.has(name)) this.states.delete(name);
    const before = new Map(
      [...this.states].map(([name, state]) => [
        name,
        healthRecord(name, state),
      ]),
    );
    await Promise.all(
      [...this.states.entries()].map(([name, state]) =>
        this.probe(name, state),
      ),
    );
    const changed = [...this.states]
      .map(([name, state]) => healthRecord(name, state))
      .filter(r => !sameHealth(before.get(r.cluster), r));
    if (healthStore && changed.length > 0) await healthStore.put(changed);
    await this.recordSovereignty();
  }

  /** Calls the listener with every sovereignty label change a refresh records. */
  onSovereigntyChange(listener: (change: SovereigntyChange) => void) {
    return this.sovereigntyListeners.add(listener);
  }

  private async recordSovereignty() {
    const store = this.options.sovereigntyStore;
    if (!store) return;
    const observed = this.getFleet().clusters.flatMap(profile =>
      SOVEREIGNTY_LABELS.map(label =>
        withoutUndefined({
          cluster: profile.name,
          label,
          value: profile.labels[label],
          source: this.labelSources(profile.name)[label],
        }),
      ),
    );
    for (const change of await store.observe(observed)) {
      const message = `Cluster ${change.cluster}: ${change.label} ${
        change.from ?? '(none)'
      } -> ${change.to ?? '(none)'} (${change.source})`;
      if (change.from === undefined) this.logger.info(message);
      else
        this.logger.warn(`${message}; every service is re-checked against it`);
      this.sovereigntyListeners.notify(change);
    }
  }

  /** Where each sovereignty label of a cluster comes from, highest precedence first. */
  labelSources(name: string): Record<string, string> {
    const located = this.states.get(name)?.located;
    const fromFile = this.fileClusters.get(name);
    const configured = this.configuredClusters().has(name);
    const sources: Record<string, string> = {};
    for (const label of SOVEREIGNTY_LABELS) {
      if (
        configured &&
        this.config.getOptionalString(
          `miniplanes.clusters.${name}.labels.${label}`,
        ) !== undefined
      )
        sources[label] = 'config';
      else if (located?.profile?.labels?.[label] !== undefined)
        sources[label] = located.source ?? 'cluster supplier';
      else if (fromFile?.labels?.[label] !== undefined)
        sources[label] = 'fleet file';
    }
    return sources;
  }

  /** Sovereignty labels a cluster's locator offered and the fleet ignored. */
  ignoredLabels(name: string): IgnoredClusterLabel[] {
    return this.states.get(name)?.located?.ignoredLabels ?? [];
  }

  /** A cluster's state as the store last knew it, or Unknown. */
  private restored(name: string): ClusterState {
    const stored = this.stored?.get(name);
    return stored
      ? {
          failures: stored.failures,
          status: stored.status,
          since: stored.since,
          message: stored.message,
        }
      : {
          failures: 0,
          status: 'Unknown',
          since: this.options.now().toISOString(),
        };
  }

  private async probe(name: string, state: ClusterState) {
    const connection = state.located?.connection;
    if (!connection) {
      if (state.status !== 'Unknown') {
        state.status = 'Unknown';
        state.since = this.options.now().toISOString();
      }
      state.message = NO_CREDENTIALS;
      return;
    }
    try {
      state.probe = await probeCluster(connection, this.options.probeTimeoutMs);
      await this.discover(name, state, connection);
      if (state.status !== 'Healthy')
        this.logger.info(`Cluster ${name} is healthy`);
      state.failures = 0;
      state.status = 'Healthy';
      state.since = undefined;
      state.message = undefined;
    } catch (error) {
      state.failures += 1;
      state.message = (error as Error).message;
      this.logger.debug(
        `Probe ${state.failures}/${this.options.failureThreshold} of cluster ${name} failed: ${state.message}`,
      );
      if (
        state.status === 'Healthy' &&
        state.failures >= this.options.failureThreshold
      ) {
        state.status = 'Unhealthy';
        state.since = this.options.now().toISOString();
        this.logger.warn(
          `Cluster ${name} is unhealthy after ${state.failures} failed probes: ${state.message}`,
        );
      }
    }
  }

  /**
   * Learns which kinds a reachable cluster serves (the ResourceNotServed
   * filter reads it), at most every discovery interval: it costs a request
   * per API group version. A failure keeps what was known.
   */
  private async discover(
    name: string,
    state: ClusterState,
    connection: ClusterConnection,
  ) {
    const now = this.options.now().getTime();
    if (
      state.discoveredAt !== undefined &&
      now - state.discoveredAt < this.options.discoveryIntervalMs
    )
      return;
    state.discoveredAt = now;
    try {
      const discovered = await discoverServedResources(
        connection,
        this.options.probeTimeoutMs,
      );
      if (discovered.failed.length > 0)
        this.logger.warn(
          `Cluster ${name} did not describe ${discovered.failed.join(
            ', ',
          )}; what it serves there is taken from its last discovery`,
        );
      state.served = servedAfterDiscovery(state.served, discovered);
      state.servedResources = state.served
        ? [...state.served.values()].flat().sort()
        : undefined;
    } catch (error) {
      this.logger.warn(
        `Discovery of cluster ${name} failed, what it serves is taken from its last discovery: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** The connection (with credentials) to a cluster, for the sync only. */
  connection(name: string): ClusterConnection | undefined {
    return this.states.get(name)?.located?.connection;
  }

  /** Names of the clusters miniplanes can reach. */
  connectedClusters(): string[] {
    return [...this.states.entries()]
      .filter(([, s]) => s.located?.connection)
      .map(([name]) => name)
      .sort();
  }

  title(name: string): string | undefined {
    return this.states.get(name)?.located?.title;
  }

  /** The fleet placement is evaluated against. */
  getFleet(): Fleet {
    const fromFile = this.fromFile;
    const profiles = new Map<string, ClusterProfile>();
    for (const profile of fromFile?.clusters ?? [])
      profiles.set(profile.name, profile);
    for (const [name, state] of this.states) {
      const fromFileOrDefault: ClusterProfile = profiles.get(name) ?? {
        name,
        labels: {},
        capabilities: [],
        taints: [],
        capacity: { cpu: 0, memory: 0, gpu: 0 },
        health: { healthy: false, status: 'Unknown', message: NO_LOCATOR },
      };
      const located = state.located?.profile;
      const base: ClusterProfile = {
        ...fromFileOrDefault,
        labels: { ...fromFileOrDefault.labels, ...located?.labels },
        capabilities: located?.capabilities ?? fromFileOrDefault.capabilities,
      };
      const allocated = state.probe?.allocated ?? base.allocated;
      profiles.set(name, {
        ...base,
        labels: { ...state.probe?.labels, ...base.labels },
        capacity: state.probe?.capacity ?? base.capacity,
        ...(allocated ? { allocated } : {}),
        ...(state.servedResources
          ? { servedResources: state.servedResources }
          : {}),
        health: healthOf(state),
      });
    }
    // Listed but found by no locator: nothing can reach it, so it is unknown.
    for (const [name, profile] of profiles) {
      if (!this.states.has(name)) {
        profiles.set(name, {
          ...profile,
          health: { healthy: false, status: 'Unknown', message: NO_LOCATOR },
        });
      }
    }
    const configured = this.configuredClusters();
    for (const [name, profile] of profiles)
      if (configured.has(name))
        profiles.set(name, this.withConfiguredProfile(profile));
    return {
      jurisdictions: {
        ...fromFile?.jurisdictions,
        ...this.configuredJurisdictions(),
      },
      governance: [
        ...(fromFile?.governance ?? []),
        ...this.configuredGovernance(),
      ],
      ...(fromFile?.storageLocations
        ? { storageLocations: fromFile.storageLocations }
        : {}),
      ...(fromFile?.observability
        ? { observability: fromFile.observability }
        : {}),
      clusters: [...profiles.values()].sort((a, b) =>
        a.name < b.name ? -1 : 1,
      ),
    };
  }

  isConnected(name: string): boolean {
    return Boolean(this.states.get(name)?.located?.connection);
  }

  /** The clusters config says something about: the others need no lookup. */
  private configuredClusters(): Set<string> {
    return new Set(
      this.config.getOptionalConfig('miniplanes.clusters')?.keys() ?? [],
    );
  }

  private withConfiguredProfile(profile: ClusterProfile): ClusterProfile {
    const c = this.config.getOptionalConfig(
      `miniplanes.clusters.${profile.name}`,
    );
    if (!c) return profile;
    const labels = c.getOptionalConfig('labels');
    const taints = c.getOptionalConfigArray('taints');
    return {
      ...profile,
      labels: {
        ...profile.labels,
        ...Object.fromEntries(
          (labels?.keys() ?? []).map(k => [k, labels!.getString(k)]),
        ),
      },
      capabilities:
        c.getOptionalStringArray('capabilities') ?? profile.capabilities,
      taints: taints
        ? taints.map(
            (t): Taint => ({
              key: t.getString('key'),
              value: t.getOptionalString('value'),
              effect: t.getString('effect') as Taint['effect'],
            }),
          )
        : profile.taints,
    };
  }

  private configuredJurisdictions(): Record<string, string[]> {
    const groups = this.config.getOptionalConfig('miniplanes.jurisdictions');
    return Object.fromEntries(
      (groups?.keys() ?? []).map(k => [k, groups!.getStringArray(k)]),
    );
  }

  private configuredGovernance(): GovernancePolicy[] {
    return (
      this.config.getOptionalConfigArray('miniplanes.governance') ?? []
    ).map(p => ({
      classification: p.getString('classification'),
      allowedJurisdictions: p.getStringArray('allowedJurisdictions'),
      description: p.getOptionalString('description'),
    }));
  }
}

function healthOf(state: ClusterState): ClusterProfile['health'] {
  if (state.status === 'Healthy') return { healthy: true, status: 'Healthy' };
  return withoutUndefined({
    healthy: false,
    status: state.status,
    since: state.since,
    message:
      state.status === 'Unknown' && state.failures > 0
        ? `never reached: ${state.message}`
        : state.message,
  });
}

function healthRecord(
  cluster: string,
  state: ClusterState,
): ClusterHealthRecord {
  return withoutUndefined({
    cluster,
    status: state.status,
    failures: state.failures,
    since: state.since,
    message: state.message,
  });
}

function sameHealth(
  a: ClusterHealthRecord | undefined,
  b: ClusterHealthRecord,
): boolean {
  return (
    a !== undefined &&
    a.status === b.status &&
    a.failures === b.failures &&
    a.since === b.since &&
    a.message === b.message
  );
}
