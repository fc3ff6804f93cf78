type Waiting<T, R> = {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit: each call waits for its item to be written, but the calls
 * made in the same turn of the event loop, or while a batch is being
 * written, go together. N concurrent writers (a sync's clusters, each with
 * writes in flight) cost about one statement per round instead of N.
 * `write` answers one result per item, in order.
 *
 * The first batch waits for the turn to end (`setImmediate`, not a timer):
 * an in-process database (SQLite) finishes a write before the next I/O
 * callback runs, so without the wait no call would ever find a batch under
 * way to join, and every call would cost a statement of its own.
 */
export function groupCommit<T, R>(
  write: (items: T[]) => Promise<R[]>,
): (item: T) => Promise<R> {
  let queue: Waiting<T, R>[] = [];
  let writing = false;

  const drain = async () => {
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        const results = await write(batch.map(w => w.item));
        if (results.length !== batch.length) {
          throw new Error(
            `a batch writer answered ${results.length} results for ${batch.length} items`,
          );
        }
        batch.forEach((w, i) => w.resolve(results[i]));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    writing = false;
  };

  return item =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) {
        writing = true;
        setImmediate(drain);
      }
    });
}
