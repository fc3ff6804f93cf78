import { performance } from 'node:perf_hooks';

/** When the event loop last got a turn from the loops that slice it. */
let turnStartedAt = performance.now();
/** The turn every loop waiting now resumes on: one for all of them. */
let nextTurn: Promise<void> | undefined;

/**
 * For a long loop of synchronous work (re-evaluating 10,000 services): call
 * the returned function between items, and it lets the event loop run
 * whatever waits (API requests, cluster answers) once the loop has held it
 * for `sliceMs`, so background work delays a request by one slice, not the
 * whole loop. Between slices it returns nothing to await: a loop over
 * thousands of items then makes no promise per item.
 *
 * Loops running at once (a sync pass plans in every cluster side by side)
 * share the slice and the turn: with a slice each, every turn of the event
 * loop would wait for all of them, 20 clusters' 10 ms apiece.
 */
export function eventLoopSlices(sliceMs = 10): () => Promise<void> | undefined {
  return () => {
    if (performance.now() - turnStartedAt < sliceMs) return undefined;
    nextTurn ??= new Promise<void>(resolve =>
      setImmediate(() => {
        nextTurn = undefined;
        turnStartedAt = performance.now();
        resolve();
      }),
    );
    return nextTurn;
  };
}
