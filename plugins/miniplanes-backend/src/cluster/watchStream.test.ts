import { IncomingMessage, ServerResponse } from 'node:http';
import { localHttpServer } from '../__testUtils__/localHttpServer';
import { kubeConfigFor, loadClientNode } from './KubernetesClusterClient';
import { openWatchStream, StreamedWatchEvent } from './watchStream';

// The first test loads client-node (an ES module, dynamically imported).
jest.setTimeout(30_000);

let requests: IncomingMessage[];
let answer: (req: IncomingMessage, res: ServerResponse) => void;
/** Resolves when the server sees the client leave the current watch. */
let left: Promise<void>;

const url = localHttpServer((req, res) => {
  requests.push(req);
  left = new Promise(resolve => res.on('close', () => resolve()));
  answer(req, res);
});
beforeEach(() => {
  requests = [];
});

const line = (type: string, name: string) =>
  `${JSON.stringify({
    type,
    object: { kind: 'ConfigMap', metadata: { name } },
  })}\n`;

/** Opens a watch on the test server, collecting what it streams. */
async function watch(inactivityMs = 5_000) {
  const library = await loadClientNode();
  const kc = await kubeConfigFor({
    name: 'c1',
    url: url(),
    token: 'secret-token',
    skipTLSVerify: true,
  });
  const events: StreamedWatchEvent[] = [];
  let endCalls = 0;
  let resolveEnd: (error: unknown) => void;
  const ended = new Promise<unknown>(resolve => {
    resolveEnd = resolve;
  });
  const opening = openWatchStream(kc, library, {
    path: '/api/v1/configmaps',
    query: { labelSelector: 'a=b', resourceVersion: '7' },
    onEvent: event => events.push(event),
    onEnd: error => {
      endCalls += 1;
      resolveEnd(error);
    },
    inactivityMs,
    userAgent: 'miniplanes',
  });
  return { opening, events, ended, endCalls: () => endCalls };
}

describe('openWatchStream', () => {
  it('asks with the watch query, the credentials and its name, and passes on every event in order however the lines are cut', async () => {
    // A line cut mid-way, one cut inside a multi-byte character, and
    // several lines in one chunk.
    const last = Buffer.from(line('MODIFIED', 'grüße'));
    const cut = last.indexOf('ü') + 1;
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const first = line('ADDED', 'one');
      res.write(first.slice(0, 20));
      setTimeout(() => {
        res.write(
          first.slice(20) + line('ADDED', 'two') + line('BOOKMARK', 'x'),
        );
        res.write(last.subarray(0, cut));
        setTimeout(() => res.end(last.subarray(cut)), 20);
      }, 20);
    };
    const { opening, events, ended, endCalls } = await watch();
    await opening;
    expect(await ended).toBeUndefined();
    expect(events.map(e => [e.type, (e.object.metadata as any).name])).toEqual([
      ['ADDED', 'one'],
      ['ADDED', 'two'],
      ['BOOKMARK', 'x'],
      ['MODIFIED', 'grüße'],
    ]);
    expect(endCalls()).toBe(1);
    const asked = new URL(requests[0].url!, url());
    expect(asked.pathname).toBe('/api/v1/configmaps');
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      watch: 'true',
      labelSelector: 'a=b',
      resourceVersion: '7',
    });
    expect(requests[0].headers.authorization).toBe('Bearer secret-token');
    expect(requests[0].headers['user-agent']).toBe('miniplanes');
  });

  it('rejects a watch the server refuses, with its status, and does not call onEnd', async () => {
    answer = (_req, res) => {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end('{"kind":"Status","code":410}');
    };
    const { opening, endCalls } = await watch();
    await expect(opening).rejects.toMatchObject({ statusCode: 410 });
    expect(endCalls()).toBe(0);
  });

  it('ends with an error at a line that is not JSON, passing on nothing after it', async () => {
    answer = (_req, res) => {
      res.writeHead(200);
      res.write(
        `${line('ADDED', 'one')}{"type":"ADDED",\n${line('ADDED', 'two')}`,
      );
    };
    const { opening, events, ended, endCalls } = await watch();
    await opening;
    expect(String(await ended)).toMatch(/not JSON/);
    expect(events).toHaveLength(1);
    await left;
    expect(endCalls()).toBe(1);
  });

  it('ends with an error once the stream is silent for the inactivity bound', async () => {
    answer = (_req, res) => {
      res.writeHead(200);
      res.write(line('ADDED', 'one'));
      // Data within the bound keeps it open; then nothing comes.
      setTimeout(() => res.write(line('ADDED', 'two')), 150);
    };
    const startedAt = Date.now();
    const { opening, events, ended } = await watch(300);
    await opening;
    expect(String(await ended)).toMatch(/no watch data for \d+ ms/);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(440);
    expect(events).toHaveLength(2);
    await left;
  });

  it('closes the connection when stopped, ending once', async () => {
    answer = (_req, res) => {
      res.writeHead(200);
      res.write(line('ADDED', 'one'));
    };
    const { opening, ended, endCalls } = await watch();
    const stop = await opening;
    stop();
    await left;
    expect(await ended).toBeUndefined();
    stop();
    expect(endCalls()).toBe(1);
  });
});
