import {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { DatabaseSyncLease } from '../store/DatabaseSyncLease';
import { MiniplanesStore } from '../store/MiniplanesStore';
import { shardIndexOf } from '../store/syncShards';
import { createShardedSync, SyncServiceWiring } from './createSyncService';
import { SyncConfig } from './readSyncConfig';
import { scheduleSync } from './scheduleSync';
import { SyncRunner } from './SyncRunner';
import { SyncService } from './SyncService';

/** The sync of one backend replica: a SyncService and a runner a shard. */
export interface ShardedSync {
  /** One a shard, in shard order. */
  syncs: SyncService[];
  /** The runner of each shard, in the same order. */
  runners: SyncRunner[];
  /**
   * Syncs a service now, on the runner of its shard (see SyncRunner.runNow):
   * false when its shard's lease stayed taken.
   */
  runNow(entityRef: string): Promise<boolean>;
  /** Stops following services up (the backend shuts down). */
  stop(): void;
}

/**
 * The services split into `shards` shards, each with its own SyncService,
 * lease and runner, so that replicas sharing the database sync different
 * shards at once and one service never has two writers.
 */
export async function createShardedRunners(options: {
  wiring: SyncServiceWiring;
  shards: number;
  database: DatabaseService;
  store: MiniplanesStore;
  logger: LoggerService;
  /** How long a claim on a lease lasts (tests shorten it). */
  leaseMs?: number;
  /** The follow-ups after an approval's pass (tests turn them off). */
  followUpMs?: readonly number[];
}): Promise<ShardedSync> {
  const { wiring, shards, database, store, logger } = options;
  const syncs = createShardedSync({ ...wiring, shards });
  const runners: SyncRunner[] = [];
  for (const sync of syncs) {
    runners.push(
      new SyncRunner({
        sync,
        store,
        lease: await DatabaseSyncLease.create({ database, shard: sync.shard }),
        logger,
        leaseMs: options.leaseMs,
        followUpMs: options.followUpMs,
      }),
    );
  }
  return {
    syncs,
    runners,
    runNow: entityRef =>
      runners[shardIndexOf(entityRef, runners.length)].runNow([entityRef]),
    stop: () => runners.forEach(runner => runner.stop()),
  };
}

/**
 * Wires and schedules the sync as the plugin runs it: the shards of
 * `config.shards` (createShardedRunners), each shard's pass a global task.
 */
export async function startSync(options: {
  wiring: SyncServiceWiring;
  config: SyncConfig;
  database: DatabaseService;
  scheduler: SchedulerService;
  store: MiniplanesStore;
  logger: LoggerService;
}): Promise<ShardedSync & { kick(): void }> {
  const { config, scheduler, logger } = options;
  const sync = await createShardedRunners({
    ...options,
    shards: config.shards,
  });
  const { kick } = await scheduleSync({
    scheduler,
    logger,
    config,
    shards: sync.syncs.map((shard, i) => ({
      shard: shard.shard,
      runner: sync.runners[i],
    })),
  });
  return { ...sync, kick };
}
