import { useEffect, useState } from 'react';

/** What an async load gave: nothing yet, its value, or its error. */
export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'done'; value: T }
  | { state: 'failed'; error: Error };

/** Runs `load` once, when the field mounts. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let mounted = true;
    load().then(
      value => mounted && setLoaded({ state: 'done', value }),
      error => mounted && setLoaded({ state: 'failed', error }),
    );
    return () => {
      mounted = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return loaded;
}
