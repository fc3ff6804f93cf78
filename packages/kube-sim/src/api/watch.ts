import { ServerResponse } from 'node:http';
import { groupVersion, ResourceType } from '../resources/ResourceType';
import { StoredEvent } from '../store/ObjectStore';
import { KubeObject, WatchEventType } from '../kube/types';
import { Operations } from '../operations/Operations';
import {
  parseFieldSelector,
  parseLabelSelector,
} from '../operations/selectors';
import { errors } from '../kube/StatusError';
import { dropConnection } from './http';

export type WatchOptions = {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  /** Renders each event's object (a one-row Table for kubectl get -w). */
  render: (object: KubeObject) => unknown;
};

/** The live watches of one cluster, so faults can drop, stall or cut them. */
export class WatchHub {
  private readonly active = new Set<ActiveWatch>();
  bookmarkIntervalMs = 60_000;
  /** Each new watch closes cleanly after this many events (a fault). */
  closeAfterEvents?: number;
  /** New events are withheld from watchers: no bytes flow (a fault). */
  stalled = false;

  add(watch: ActiveWatch) {
    this.active.add(watch);
    return () => this.active.delete(watch);
  }

  get size() {
    return this.active.size;
  }

  /** Ends every watch: cleanly (the client re-watches) or with a TCP reset. */
  dropAll(mode: 'close' | 'reset' = 'close') {
    for (const w of [...this.active]) w.stop(mode);
  }
}

type ActiveWatch = { stop(mode: 'close' | 'reset'): void };

/** Streams watch events as newline-delimited JSON, as the API server does. */
export function serveWatch(
  res: ServerResponse,
  ops: Operations,
  hub: WatchHub,
  type: ResourceType,
  options: WatchOptions,
) {
  const labels = parseLabelSelector(options.labelSelector);
  const fields = parseFieldSelector(options.fieldSelector, type);
  const matches = (o: KubeObject) =>
    (options.namespace === undefined ||
      o.metadata.namespace === options.namespace) &&
    labels(o) &&
    fields(o);
  const key = ops.storageKey(type);
  const startRv = options.resourceVersion;
  let replay: StoredEvent[] | undefined = [];
  if (startRv && startRv !== '0') {
    const parsed = Number(startRv);
    if (!Number.isFinite(parsed))
      throw errors.badRequest(`invalid resource version: ${startRv}`);
    replay = ops.store.eventsSince(key, parsed);
  }

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  });
  // Headers go out at once: clients wait for them before they can cancel cleanly.
  res.flushHeaders();
  let sent = 0;
  let closed = false;
  const limit = hub.closeAfterEvents;
  // The events of one turn of the event loop go out in one write, as the
  // API server flushes a watch only once no further event is queued: a
  // rollout's writes, many at once, would otherwise cost a write (and a
  // chunk for the client to read) per event.
  let unsent = '';
  const flush = () => {
    if (unsent && !res.destroyed && !res.writableEnded) res.write(unsent);
    unsent = '';
  };
  const write = (eventType: WatchEventType, object: unknown) => {
    if (closed) return;
    if (!unsent) setImmediate(() => closed || flush());
    unsent += `${JSON.stringify({ type: eventType, object })}\n`;
    sent++;
    if (limit !== undefined && sent >= limit) stop('close');
  };
  const send = (eventType: WatchEventType, object: KubeObject) =>
    write(eventType, options.render(object));
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', {
      kind: type.kind,
      apiVersion: groupVersion(type),
      metadata: {
        resourceVersion: String(ops.store.resourceVersion),
        ...(annotations ? { annotations } : {}),
      },
    });

  const deliver = (event: StoredEvent) => {
    if (event.storageKey !== key || hub.stalled) return;
    const now = matches(event.object);
    const before = event.previous ? matches(event.previous) : false;
    if (event.type === 'ADDED' && now) send('ADDED', event.object);
    else if (event.type === 'DELETED' && now) send('DELETED', event.object);
    else if (event.type === 'MODIFIED') {
      if (now && before) send('MODIFIED', event.object);
      else if (now) send('ADDED', event.object);
      else if (before) send('DELETED', event.object);
    }
  };

  const timers: NodeJS.Timeout[] = [];
  const unsubscribe = ops.store.subscribe(deliver);
  const unregister = hub.add({ stop });
  function stop(mode: 'close' | 'reset') {
    if (closed) return;
    closed = true;
    unsubscribe();
    unregister();
    timers.forEach(clearTimeout);
    // A reset loses what was not yet sent, as a connection's reset does.
    if (mode === 'reset') dropConnection(res);
    else {
      flush();
      res.end();
    }
  }
  // req 'close' fires once the request is read on Node 20; the response's tells when the client leaves.
  res.on('close', () => stop('close'));

  if (replay === undefined) {
    write(
      'ERROR',
      errors
        .expired(
          `too old resource version: ${startRv} (${ops.store.oldestResumable})`,
        )
        .toStatus(),
    );
    stop('close');
    return;
  }
  if (!startRv || startRv === '0') {
    for (const object of ops.select(type, options.namespace, options))
      send('ADDED', object);
    if (options.sendInitialEvents)
      bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    for (const event of replay) deliver(event);
  }
  if (options.allowWatchBookmarks) {
    const tick = () => {
      if (!hub.stalled) bookmark();
      timers.push(setTimeout(tick, hub.bookmarkIntervalMs).unref());
    };
    timers.push(setTimeout(tick, hub.bookmarkIntervalMs).unref());
  }
  const timeout =
    options.timeoutSeconds ?? 1800 + Math.floor(Math.random() * 1800);
  timers.push(setTimeout(() => stop('close'), timeout * 1000).unref());
}
