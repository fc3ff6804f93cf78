import { TestDatabases } from '@backstage/backend-test-utils';
import { startSyncHarness, SyncHarness } from '../syncHarness';

type HarnessOptions = Omit<Parameters<typeof startSyncHarness>[0], 'databases'>;

/**
 * Starts the sync harness a test asks for, on SQLite, and stops it after the
 * test, so a failing test does not leave its simulated fleet running.
 * Call it in a describe block (it registers the afterEach).
 */
export function syncHarnessPerTest() {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let started: SyncHarness | undefined;
  afterEach(async () => {
    await started?.stop();
    started = undefined;
  });
  return async (options: HarnessOptions = {}) => {
    started = await startSyncHarness({ databases, ...options });
    return started;
  };
}
