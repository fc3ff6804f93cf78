import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { SyncConfig } from './readSyncConfig';
import { SyncRunner } from './SyncRunner';

export const SYNC_TASK_ID = 'miniplanes-sync';

/**
 * Registers the periodic sync as a global scheduled task (one replica runs it
 * at a time; the runner's lease keeps it apart from the passes approvals
 * start) and returns `kick`, which asks for a run now. Kicks coalesce; a kick
 * while a run is under way on any replica is dropped, since that run
 * re-syncs whatever changed during it.
 */
export async function scheduleSync(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  runner: SyncRunner;
  config: SyncConfig;
}): Promise<{ kick: () => void }> {
  const { scheduler, logger, runner, config } = options;
  await scheduler.scheduleTask({
    id: SYNC_TASK_ID,
    frequency: config.frequency,
    timeout: config.timeout,
    scope: 'global',
    fn: async signal => {
      const result = await runner.runScheduled(signal);
      if (result && result.errors > 0) {
        logger.warn(
          `Sync of ${result.services} service(s) to ${result.clusters} cluster(s) left ${result.errors} cluster sync(s) in error; see the services' status`,
        );
      }
    },
  });

  let pending = false;
  const kick = () => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      scheduler.triggerTask(SYNC_TASK_ID).catch(error => {
        if ((error as Error).name === 'ConflictError') {
          logger.debug(
            `Sync already running; it picks up the change: ${error.message}`,
          );
        } else {
          logger.warn(`Could not start a sync: ${(error as Error).message}`);
        }
      });
    });
  };
  return { kick };
}
