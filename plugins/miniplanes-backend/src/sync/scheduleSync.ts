import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { SyncConfig } from './readSyncConfig';
import { SyncRunner } from './SyncRunner';
import { shardLabel, SyncShard } from '../store/syncShards';

export const SYNC_TASK_ID = 'miniplanes-sync';

/** The scheduler's task of a shard; the whole fleet's keeps the id it always had. */
export function syncTaskId(shard: SyncShard): string {
  return shard.count === 1
    ? SYNC_TASK_ID
    : `${SYNC_TASK_ID}-${shardLabel(shard)}`;
}

/**
 * Registers the periodic sync as global scheduled tasks, one a shard (one
 * replica runs each at a time; the runners' leases keep them apart from the
 * passes approvals start), and returns `kick`, which asks every shard for a
 * run now. Kicks coalesce; a kick while a shard's run is under way on any
 * replica is dropped, since that run re-syncs whatever changed during it.
 */
export async function scheduleSync(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  /** One runner a shard, each with the shard its sync keeps. */
  shards: { shard: SyncShard; runner: SyncRunner }[];
  config: SyncConfig;
}): Promise<{ kick: () => void }> {
  const { scheduler, logger, shards, config } = options;
  for (const { shard, runner } of shards) {
    const label = shard.count === 1 ? '' : ` (shard ${shardLabel(shard)})`;
    await scheduler.scheduleTask({
      id: syncTaskId(shard),
      frequency: config.frequency,
      timeout: config.timeout,
      scope: 'global',
      fn: async signal => {
        const result = await runner.runScheduled(signal);
        if (result && result.errors > 0) {
          logger.warn(
            `Sync${label} of ${result.services} service(s) to ${result.clusters} cluster(s) left ${result.errors} cluster sync(s) in error; see the services' status`,
          );
        }
      },
    });
  }

  let pending = false;
  const trigger = (shard: SyncShard) =>
    scheduler.triggerTask(syncTaskId(shard)).catch(error => {
      if ((error as Error).name === 'ConflictError') {
        logger.debug(
          `Sync already running; it picks up the change: ${error.message}`,
        );
      } else {
        logger.warn(`Could not start a sync: ${(error as Error).message}`);
      }
    });
  const kick = () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      shards.forEach(({ shard }) => trigger(shard));
    });
  };
  return { kick };
}
