import {
  AuditorService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { ClusterClient } from '../../cluster/ClusterClient';
import { ClusterClientPool } from '../../cluster/ClusterClientPool';
import { KubernetesClusterClient } from '../../cluster/KubernetesClusterClient';
import { MiniplanesClusterSupplier } from '../../fleet/types';
import { reevaluateFleet } from '../../requests/reevaluateFleet';
import { RolloutControl } from '../../sync/RolloutControl';
import { storesFleetAndPlacement } from '../storesFleetAndPlacement';
import { requestsAndSync } from '../requestsAndSync';
import { createShardedRunners } from '../../sync/startSync';

/**
 * How long a scenario backend's claim on the sync lease lasts: short, so that
 * the replica left after a kill mid-pass waits seconds, not the product's 30 s.
 */
const LEASE_MS = 1_500;

/** The failover grace period of the scenarios' backends. */
export const FAILOVER_GRACE_MS = 2 * 60_000;

/** An auditor that records nothing: the scenarios check the clusters, not the audit log. */
const silentAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

/** How long the scenario's backends trust a watched list. */
export const WATCH_MAX_AGE_MS = 1000;

/** Thrown by a killed backend's calls: the process is gone. */
export class KilledError extends Error {
  readonly name = 'KilledError';
}

/**
 * One backend process of a scenario, wired as the plugin wires it (stores,
 * fleet, placement, requests, sync), without Jest, on its own connection
 * pool to the shared database. `kill` ends it abruptly: its database pool is
 * destroyed and its cluster clients refuse every further call, so a pass in
 * flight stops wherever it is, as when a process dies.
 */
export async function startBackend(options: {
  knex: Knex;
  config: RootConfigService;
  locator: MiniplanesClusterSupplier;
  now: () => Date;
  /** Into how many shards the sync splits the services (1 when absent). */
  shards?: number;
  /** See Scenario's: the product's when absent. */
  echoedWritesMin?: number;
}) {
  const { knex, config, locator, now } = options;
  let killed = false;
  const logger = mockServices.rootLogger({ level: 'none' });
  const lower = await storesFleetAndPlacement({
    knex,
    config,
    logger,
    locator,
    now,
    gracePeriodMs: FAILOVER_GRACE_MS,
  });
  const { database, store, fleet, placement, rollouts } = lower;
  const clients = new ClusterClientPool({
    timeoutMs: 1500,
    // Below the pause after the faults clear (runScenario's AFTER_FAULTS_MS),
    // so the convergence passes list afresh whatever a stalled watch hid.
    watchMaxAgeMs: WATCH_MAX_AGE_MS,
    create: async (connection, clientOptions) =>
      killable(
        await KubernetesClusterClient.create(connection, {
          ...clientOptions,
          echoedWritesMin: options.echoedWritesMin,
        }),
        () => killed,
      ),
  });
  const { requests, sync, syncWiring } = requestsAndSync({
    ...lower,
    logger,
    now,
    notifications: { send: async () => {} },
    auditor: silentAuditor,
    clients,
    backoff: { initialMs: 50, maxMs: 400 },
  });
  // Passes run as the plugin runs them: each shard under its lease, and an
  // approval's pass at once on the replica that approved it (not followed
  // up: the scenario's own passes come after every step).
  /** Told when a periodic pass starts syncing (it holds the lease by then). */
  const passStarts = new Set<() => void>();
  const sharded = await createShardedRunners({
    wiring: syncWiring,
    shards: options.shards ?? 1,
    database,
    store,
    logger,
    leaseMs: LEASE_MS,
    followUpMs: [],
  });
  for (const shard of sharded.syncs) {
    const syncAll = shard.syncAll.bind(shard);
    shard.syncAll = (...args) => {
      passStarts.forEach(started => started());
      passStarts.clear();
      return syncAll(...args);
    };
  }
  const immediate = new Set<Promise<unknown>>();
  requests.onApproved(entityRef => {
    const pass = sharded.runNow(entityRef).catch(() => undefined);
    immediate.add(pass);
    pass.finally(() => immediate.delete(pass));
  });
  await fleet.refresh();
  return {
    ...lower,
    requests,
    /** The whole fleet's sync, outside any lease: for tests that pass by hand. */
    sync,
    /** Each shard's runner, in shard order: the scenario's periodic passes. */
    runners: sharded.runners,
    /** Resolves when this replica's next periodic pass starts syncing. */
    nextPassStarts: () => new Promise<void>(resolve => passStarts.add(resolve)),
    /** Resolves once the passes approvals started have ended. */
    immediatePassesDone: async () => {
      while (immediate.size > 0) await Promise.all([...immediate]);
    },
    rolloutControl: new RolloutControl({ store, rollouts, now }),
    /** What the scheduled fleet refresh does: probe, re-place, propose data moves. */
    fleetChanged: () => reevaluateFleet({ fleet, placement, requests }),
    get killed() {
      return killed;
    },
    async kill() {
      killed = true;
      sharded.stop();
      // A dead process's watches die with it.
      clients.stop();
      await knex.destroy();
    },
  };
}

export type BackendInstance = Awaited<ReturnType<typeof startBackend>>;

/** A cluster client whose calls fail once its process is killed. */
function killable(
  client: ClusterClient,
  isKilled: () => boolean,
): ClusterClient {
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (isKilled()) throw new KilledError('the backend was killed');
      return fn(...args);
    };
  return {
    cluster: client.cluster,
    scopeOf: guard(client.scopeOf.bind(client)),
    list: guard(client.list.bind(client)),
    namespacedKinds: guard(client.namespacedKinds.bind(client)),
    listWatched: guard(client.listWatched.bind(client)),
    isWatchedFresh: client.isWatchedFresh.bind(client),
    invalidateWatched: () => client.invalidateWatched(),
    stop: () => client.stop(),
    get: guard(client.get.bind(client)),
    create: guard(client.create.bind(client)),
    apply: guard(client.apply.bind(client)),
    delete: guard(client.delete.bind(client)),
  };
}
