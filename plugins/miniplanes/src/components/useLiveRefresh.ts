import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';

/** How often a page reloads when the app has no signals plugin. */
export const LIVE_REFRESH_POLL_MS = 30_000;

/**
 * Reloads a page's data when the backend signals a change on the channel
 * (Backstage signals), so a sync or an approval shows without a reload. In an
 * app without the signals plugin it polls instead.
 */
export function useLiveRefresh(channel: string, reload: () => void): void {
  const { lastSignal, isSignalsAvailable } = useSignal(channel);
  // The loaders' reload functions change identity as they load.
  const latestReload = useRef(reload);
  latestReload.current = reload;

  useEffect(() => {
    if (lastSignal) latestReload.current();
  }, [lastSignal]);

  useEffect(() => {
    if (isSignalsAvailable) return undefined;
    const timer = setInterval(
      () => latestReload.current(),
      LIVE_REFRESH_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [isSignalsAvailable]);
}
