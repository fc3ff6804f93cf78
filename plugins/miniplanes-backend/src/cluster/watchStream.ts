import type * as k8s from '@kubernetes/client-node';
import { request } from 'undici';

/** A watch event as the API server streams it, one JSON object a line. */
export interface StreamedWatchEvent {
  type: string;
  object: Record<string, unknown>;
}

export interface WatchStreamOptions {
  /** The cluster's API path of the resource, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  query: Record<string, string | boolean>;
  onEvent: (event: StreamedWatchEvent) => void;
  /** Called once, when the stream ends for any reason (an error, if any). */
  onEnd: (error?: unknown) => void;
  /** The stream ends with an error after this long without a byte. */
  inactivityMs: number;
  /** What the cluster's audit log names as the caller. */
  userAgent: string;
}

/** A watch whose stream broke, ended by a status or by silence. */
class WatchStreamError extends Error {
  constructor(message: string, readonly statusCode?: number) {
    super(message);
    this.name = 'WatchStreamError';
  }
}

/**
 * Opens a watch over undici's `request`, as the object API's calls are
 * made (see requestHttpLibrary), rather than client-node's Watch. That
 * one reads the stream through fetch, a WHATWG stream turned back into a
 * Node one, and readline, and resets a timer on every chunk: in a rollout
 * the backend takes two watch events for every object it writes, and that
 * path cost more than the events' own parsing. Authentication and the TLS
 * dispatcher are the kubeconfig's, as for every other call.
 *
 * Resolves once the server answered 200, to a stop function; otherwise
 * rejects, and `onEnd` is not called. A line that is not JSON ends the
 * stream with an error, so the caller lists afresh rather than go on
 * without the event.
 */
export async function openWatchStream(
  kubeConfig: k8s.KubeConfig,
  library: Pick<typeof k8s, 'RequestContext' | 'HttpMethod'>,
  { path, query, onEvent, onEnd, inactivityMs, userAgent }: WatchStreamOptions,
): Promise<() => void> {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(server + path);
  url.searchParams.set('watch', 'true');
  for (const [key, value] of Object.entries(query))
    url.searchParams.set(key, String(value));
  const context = new library.RequestContext(
    url.toString(),
    library.HttpMethod.GET,
  );
  await kubeConfig.applySecurityAuthentication(context);

  const controller = new AbortController();
  let opened = false;
  let ended = false;
  /** Why the stream ended, when it ended before it opened. */
  let endedWith: unknown;
  let lastData = Date.now();
  let silence: NodeJS.Timeout | undefined;
  const end = (error?: unknown) => {
    if (ended) return;
    ended = true;
    endedWith = error;
    clearTimeout(silence);
    controller.abort();
    if (opened) onEnd(error);
  };
  // One timer for the whole stream, checking when data last came, rather
  // than a timer cleared and set again for every chunk. Before the answer,
  // it bounds the wait for it.
  const watchSilence = () => {
    const quietFor = Date.now() - lastData;
    if (quietFor >= inactivityMs) {
      end(new WatchStreamError(`no watch data for ${quietFor} ms`));
      return;
    }
    silence = setTimeout(watchSilence, inactivityMs - quietFor);
    silence.unref();
  };
  watchSilence();

  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(context.getUrl(), {
      method: 'GET',
      headers: {
        ...context.getHeaders(),
        accept: 'application/json',
        'user-agent': userAgent,
      },
      dispatcher: context.getDispatcher(),
      signal: controller.signal,
    });
  } catch (error) {
    end(error);
    throw endedWith;
  }
  if (response.statusCode !== 200) {
    // Read whole: an unread body would hold its connection.
    await response.body.dump().catch(() => undefined);
    end(
      new WatchStreamError(
        `watch answered ${response.statusCode}`,
        response.statusCode,
      ),
    );
    throw endedWith;
  }
  opened = true;

  const body = response.body;
  body.setEncoding('utf8');
  let pending = '';
  body.on('data', (chunk: string) => {
    lastData = Date.now();
    // Only the new text can hold a line's end: a large event arriving in
    // many chunks is not scanned again from its start for each.
    const scanFrom = pending.length;
    pending += chunk;
    let from = 0;
    for (
      let newline = pending.indexOf('\n', scanFrom);
      newline !== -1 && !ended;
      newline = pending.indexOf('\n', from)
    ) {
      const line = pending.slice(from, newline);
      from = newline + 1;
      if (line.trim() === '') continue;
      let event: StreamedWatchEvent;
      try {
        event = JSON.parse(line);
      } catch (error) {
        end(new WatchStreamError(`a watch event that is not JSON: ${error}`));
        return;
      }
      onEvent(event);
    }
    pending = pending.slice(from);
  });
  body.on('error', error => end(error));
  body.on('close', () => end());
  body.on('end', () => end());
  return () => end();
}
