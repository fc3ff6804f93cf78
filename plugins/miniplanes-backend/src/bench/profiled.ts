import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

/**
 * Runs `run`, and when `file` is given writes a profile of it there (open it
 * in Chrome's DevTools): the part of a benchmark worth profiling, without its
 * set-up. A `.heapprofile` file gets a sampling heap profile that counts the
 * objects already collected too, so it shows what a pass allocates (what the
 * garbage collector pays for), not only what it keeps; any other name gets
 * a CPU profile.
 */
export async function profiled<T>(
  file: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (!file) return run();
  const heap = file.endsWith('.heapprofile');
  const session = new Session();
  session.connect();
  if (heap) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  try {
    return await run();
  } finally {
    const { profile } = heap
      ? await session.post('HeapProfiler.stopSampling')
      : await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    process.stdout.write(
      `${heap ? 'Heap' : 'CPU'} profile written to ${file}\n`,
    );
  }
}
