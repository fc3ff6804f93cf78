import { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { localHttpServer } from '../__testUtils__/localHttpServer';
import { kubeConfigFor, loadClientNode } from './KubernetesClusterClient';
import { requestHttpLibrary } from './requestHttpLibrary';

// The first test loads client-node (an ES module, dynamically imported): on a
// busy host that alone passed jest's default 5 s.
jest.setTimeout(30_000);

/** What the server received of one request. */
interface Received {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The client's end of the connection it came on. */
  port?: number;
}

let received: Received[];
let answer: (req: IncomingMessage, res: ServerResponse) => void;

const url = localHttpServer((req, res) => {
  let body = '';
  req.on('data', chunk => {
    body += chunk;
  });
  req.on('end', () => {
    received.push({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body,
      port: req.socket.remotePort,
    });
    answer(req, res);
  });
});
beforeEach(() => {
  received = [];
  answer = (_req, res) => res.end();
});

async function send(
  method: 'GET' | 'POST',
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) {
  const clientNode = await loadClientNode();
  const { RequestContext } = clientNode;
  const context = new RequestContext(`${url()}${path}`, method);
  for (const [name, value] of Object.entries(init.headers ?? {}))
    context.setHeaderParam(name, value);
  if (init.body) context.setBody(init.body);
  return requestHttpLibrary(clientNode).send(context);
}

describe('requestHttpLibrary', () => {
  it('sends the method, headers and body, and answers the status, headers and body', async () => {
    answer = (_req, res) => {
      res.statusCode = 201;
      res.setHeader('content-type', 'application/json');
      res.setHeader('warning', ['299 - "one"', '299 - "two"']);
      res.end('{"created":true}');
    };
    const response = await send('POST', '/api/v1/things?dryRun=All', {
      body: '{"kind":"Thing"}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(received).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/api/v1/things?dryRun=All',
        body: '{"kind":"Thing"}',
        headers: expect.objectContaining({
          'content-type': 'application/json',
        }),
      }),
    ]);
    expect(response.httpStatusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers.warning).toBe('299 - "one", 299 - "two"');
    expect(await response.body.text()).toBe('{"created":true}');
    expect((await response.body.binary()).toString()).toBe('{"created":true}');
  });

  it('asks for gzip and decodes a gzipped answer', async () => {
    answer = (req, res) => {
      const json = JSON.stringify({ items: ['a'.repeat(1000)] });
      if (!String(req.headers['accept-encoding']).includes('gzip')) {
        res.end(json);
        return;
      }
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(json));
    };
    const response = await send('GET', '/api/v1/things');
    expect(received[0].headers['accept-encoding']).toBe('gzip');
    expect(JSON.parse(await response.body.text())).toEqual({
      items: ['a'.repeat(1000)],
    });
  });

  it('answers an error status as an answer, with its body', async () => {
    answer = (_req, res) => {
      res.statusCode = 409;
      res.setHeader('content-type', 'application/json');
      res.end('{"kind":"Status","reason":"AlreadyExists"}');
    };
    const response = await send('POST', '/api/v1/things', { body: '{}' });
    expect(response.httpStatusCode).toBe(409);
    expect(await response.getBodyAsAny()).toBe(
      '{"kind":"Status","reason":"AlreadyExists"}',
    );
  });

  it('reads each answer whole, so its connection serves the next calls', async () => {
    answer = (_req, res) => res.end('x'.repeat(100_000));
    for (let i = 0; i < 10; i++) await send('GET', '/api/v1/things');
    expect(received).toHaveLength(10);
    // undici may open a second one while the first is handed back; an
    // answer left unread would hold its connection, and each call open one.
    expect(new Set(received.map(r => r.port)).size).toBeLessThanOrEqual(2);
  });
});

describe('kubeConfigFor', () => {
  it('makes API clients that call over the request transport, named as miniplanes', async () => {
    answer = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-encoding', 'gzip');
      res.end(
        gzipSync(
          JSON.stringify({
            kind: 'NodeList',
            apiVersion: 'v1',
            metadata: {},
            items: [{ metadata: { name: 'node-1' } }],
          }),
        ),
      );
    };
    const { CoreV1Api } = await loadClientNode();
    const kc = await kubeConfigFor({
      name: 'local',
      url: url(),
      token: 'secret-token',
      skipTLSVerify: true,
    });
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.map(n => n.metadata?.name)).toEqual(['node-1']);
    expect(received[0]).toMatchObject({
      method: 'GET',
      url: '/api/v1/nodes',
      headers: expect.objectContaining({
        authorization: 'Bearer secret-token',
        'user-agent': 'miniplanes',
        'accept-encoding': 'gzip',
      }),
    });
  });
});
