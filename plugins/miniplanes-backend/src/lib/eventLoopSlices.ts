import { performance } from 'node:perf_hooks';

/**
 * For a long loop of synchronous work (re-evaluating 10,000 services): call
 * the returned function between items, and it lets the event loop run
 * whatever waits (API requests) once the loop has held it for `sliceMs`,
 * so background work delays a request by one slice, not the whole loop.
 */
export function eventLoopSlices(sliceMs = 10): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise(resolve => setImmediate(resolve));
    since = performance.now();
  };
}
