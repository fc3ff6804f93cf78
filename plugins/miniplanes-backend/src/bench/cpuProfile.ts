import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

/**
 * Runs `run`, and when `file` is given writes a CPU profile of it there
 * (open it in Chrome's DevTools, Performance tab): the part of a benchmark
 * worth profiling, without its set-up.
 */
export async function profiled<T>(
  file: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (!file) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    process.stdout.write(`CPU profile written to ${file}\n`);
  }
}
