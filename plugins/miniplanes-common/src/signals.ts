/**
 * The Backstage signal channel on which the backend says a service changed
 * (decision, sync status or requests); its Placement tab reloads on it.
 *
 * @public
 */
export function serviceSignalChannel(entityRef: string): string {
  return `miniplanes:service:${entityRef.toLocaleLowerCase('en-US')}`;
}

/**
 * The Backstage signal channel on which the backend says a placement request
 * was filed or moved; the requests page reloads on it.
 *
 * @public
 */
export const REQUESTS_SIGNAL_CHANNEL = 'miniplanes:requests';
