import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What `probe` answers once it answers something other than undefined,
 * asking again every 200 ms; fails naming `what` after a minute.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
