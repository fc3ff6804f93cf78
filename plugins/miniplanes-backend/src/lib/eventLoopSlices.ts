import { performance } from 'node:perf_hooks';

/**
 * For a long loop of synchronous work (re-evaluating 10,000 services): call
 * the returned function between items, and it lets the event loop run
 * whatever waits (API requests) once the loop has held it for `sliceMs`,
 * so background work delays a request by one slice, not the whole loop.
 * Between slices it returns nothing to await: a loop over thousands of
 * items then makes no promise per item.
 */
export function eventLoopSlices(sliceMs = 10): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return new Promise<void>(resolve =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}
