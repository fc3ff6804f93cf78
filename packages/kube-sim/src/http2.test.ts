import {
  ClientHttp2Session,
  connect,
  constants,
  IncomingHttpHeaders,
} from 'node:http2';
import { startKubectlCluster } from './__testUtils__/kubectl';
import { deployment } from './__testUtils__/deployment';
import { startedCluster } from './__testUtils__/startedCluster';

const { HTTP2_HEADER_METHOD, HTTP2_HEADER_PATH, HTTP2_HEADER_STATUS } =
  constants;

type Answer = {
  status?: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The stream's reset code (0: it ended normally). */
  rstCode?: number;
  error?: Error;
};

/** One request on an HTTP/2 session; never rejects: a reset stream answers its code. */
function call(
  session: ClientHttp2Session,
  token: string,
  method: string,
  path: string,
  body?: { value: unknown; contentType: string },
): Promise<Answer> {
  return new Promise(resolve => {
    const stream = session.request({
      [HTTP2_HEADER_METHOD]: method,
      [HTTP2_HEADER_PATH]: path,
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': body.contentType } : {}),
    });
    let headers: IncomingHttpHeaders = {};
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', h => {
      headers = h;
    });
    stream.on('data', chunk => {
      text += chunk;
    });
    let error: Error | undefined;
    stream.on('error', e => {
      error = e;
    });
    stream.on('close', () =>
      resolve({
        status: headers[HTTP2_HEADER_STATUS] as number | undefined,
        headers,
        body: text,
        rstCode: stream.rstCode,
        ...(error ? { error } : {}),
      }),
    );
    stream.end(body ? JSON.stringify(body.value) : undefined);
  });
}

describe('HTTP/2, as kubectl and Go clients speak it to an API server', () => {
  const cluster = startedCluster({ name: 'http2' });
  let session: ClientHttp2Session;

  beforeEach(async () => {
    session = connect(cluster().url, { ca: cluster().caPem });
    await new Promise<void>((resolve, reject) => {
      session.once('connect', () => resolve());
      session.once('error', reject);
    });
  });
  afterEach(() => session.destroy());

  it('is negotiated over TLS, and serves reads, applies and watches on one connection', async () => {
    const token = cluster().adminToken;
    expect(session.alpnProtocol).toBe('h2');

    const watch = session.request({
      [HTTP2_HEADER_METHOD]: 'GET',
      [HTTP2_HEADER_PATH]:
        '/apis/apps/v1/namespaces/default/deployments?watch=true',
      authorization: `Bearer ${token}`,
    });
    watch.setEncoding('utf8');
    const watched = new Promise<{ type: string; name: string }>(resolve => {
      let text = '';
      watch.on('data', chunk => {
        text += chunk;
        const line = text.split('\n')[0];
        if (text.includes('\n')) {
          const event = JSON.parse(line);
          resolve({ type: event.type, name: event.object.metadata.name });
        }
      });
    });
    await new Promise(resolve => watch.once('response', resolve));

    const applied = await call(
      session,
      token,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web?fieldManager=h2-client',
      {
        value: deployment('web'),
        contentType: 'application/apply-patch+yaml',
      },
    );
    expect(applied.status).toBe(201);
    expect(JSON.parse(applied.body).metadata.name).toBe('web');

    const read = await call(
      session,
      token,
      'GET',
      '/apis/apps/v1/namespaces/default/deployments/web',
    );
    expect([read.status, read.headers['content-type']]).toEqual([
      200,
      'application/json',
    ]);
    expect(
      JSON.parse(read.body).metadata.managedFields.map(
        (f: { manager: string }) => f.manager,
      ),
    ).toContain('h2-client');

    expect(await watched).toEqual({ type: 'ADDED', name: 'web' });
    watch.close();
  });

  it('answers errors as Status objects, and a partition drops the connection', async () => {
    const missing = await call(
      session,
      cluster().adminToken,
      'GET',
      '/api/v1/namespaces/default/configmaps/absent',
    );
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
    });

    cluster().partition(cluster().adminToken);
    try {
      const cut = await call(
        session,
        cluster().adminToken,
        'GET',
        '/api/v1/namespaces',
      );
      // No answer: the connection closed under the request.
      expect(cut.status).toBeUndefined();
      expect(cut.rstCode).toBe(constants.NGHTTP2_CANCEL);
      expect(session.closed || session.destroyed).toBe(true);
    } finally {
      cluster().partition(cluster().adminToken, false);
    }
  });
});

describe('kubectl', () => {
  let started: Awaited<ReturnType<typeof startKubectlCluster>>;
  beforeAll(async () => {
    // Go's HTTP/2 transport logs the frames it sends and receives.
    started = await startKubectlCluster('http2-kubectl', undefined, {
      GODEBUG: 'http2debug=2',
    });
  });
  afterAll(() => started.cluster.stop());

  it('talks HTTP/2 to the simulated API server, as to a real one', async () => {
    const result = await started.kubectl('get', 'namespaces', '-o', 'name');
    expect(result.stdout).toContain('namespace/default');
    // Without HTTP/2 it logs only that it has no connection, and falls back.
    expect(result.stderr).toMatch(/http2: Framer \S+: wrote HEADERS/);
    expect(result.stderr).toMatch(/http2: Framer \S+: read HEADERS/);
  });
});
