import { connect, Socket } from 'node:net';
import { SYSTEM_CONTEXT } from '../operations/options';
import { startedCluster } from '../__testUtils__/startedCluster';
import { waitFor } from '../__testUtils__/waitFor';

const cluster = startedCluster({ name: 'flush', insecure: true });

/** A watch read off the socket, so the chunks of its chunked body show. */
function rawWatch(path: string) {
  const { hostname, port } = new URL(cluster().url);
  const socket: Socket = connect(Number(port), hostname);
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${
      cluster().adminToken
    }\r\n\r\n`,
  );
  let raw = '';
  socket.setEncoding('latin1');
  socket.on('data', text => {
    raw += text;
  });
  /** The body's chunks so far, as the server framed them. */
  const chunks = () => {
    const found: string[] = [];
    let at = raw.indexOf('\r\n\r\n');
    if (at < 0) return found;
    at += 4;
    for (;;) {
      const sizeEnd = raw.indexOf('\r\n', at);
      if (sizeEnd < 0) break;
      const size = parseInt(raw.slice(at, sizeEnd), 16);
      if (size === 0 || raw.length < sizeEnd + 2 + size) break;
      found.push(raw.slice(sizeEnd + 2, sizeEnd + 2 + size));
      at = sizeEnd + 2 + size + 2;
    }
    return found;
  };
  return {
    chunks,
    answered: () => raw.includes('\r\n\r\n'),
    close: () => socket.destroy(),
  };
}

describe('a watch', () => {
  it('sends the events of one turn of the event loop in one chunk, every one of them, in order', async () => {
    const { ops, store } = cluster();
    const watch = rawWatch(
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${store.resourceVersion}`,
    );
    const configMaps = ops.registry.find('', 'v1', 'configmaps')!;
    // The server subscribes the watch before it answers the headers.
    await waitFor(watch.answered);
    for (let i = 0; i < 25; i++) {
      ops.create(
        configMaps,
        'default',
        { metadata: { name: `cm-${i}` }, data: { i: String(i) } },
        SYSTEM_CONTEXT,
      );
    }
    await waitFor(() => watch.chunks().join('').split('\n').length > 25);
    const events = watch
      .chunks()
      .join('')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));
    expect(events.map(e => `${e.type} ${e.object.metadata.name}`)).toEqual(
      Array.from({ length: 25 }, (_, i) => `ADDED cm-${i}`),
    );
    expect(watch.chunks()).toHaveLength(1);
    watch.close();
  });
});
