/** Anything that runs a sync pass over every service: a SyncService. */
type Syncing = { syncAll(): Promise<unknown> };

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Runs that many passes, one after the other as the scheduler would, with a
 * pause after each for the simulated controllers (pods, operators, watches)
 * to act on what it wrote.
 */
export async function syncPasses(
  sync: Syncing,
  count: number,
  pauseMs: number,
) {
  for (let i = 0; i < count; i += 1) {
    await sync.syncAll();
    await sleep(pauseMs);
  }
}
