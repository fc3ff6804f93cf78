import { mockCredentials } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { FleetCluster } from '@miniplanes/plugin-miniplanes-common';
import {
  demoFleetForFile,
  startDemoBackend,
} from '../__testUtils__/demoBackend';
import {
  amyOfData,
  storageComponent,
  uiComponent,
} from '../__testUtils__/demoCatalog';
import { exampleText } from '../__testUtils__/syncHarness';
import { spec } from '../schema/openapi.generated';
import {
  expectDocumented,
  Method,
  openApiDocument,
} from '../__testUtils__/documentedResponses';

jest.setTimeout(30_000);

const storageYaml = exampleText('services/storage.yaml');
const owner = mockCredentials.user('user:default/amy');
const approver = mockCredentials.user('user:default/pat');
const BASE = '/api/miniplanes';

type Server = Parameters<typeof request>[0];
const doc = openApiDocument;

const fleet = demoFleetForFile();

const start = (): Promise<Server> =>
  startDemoBackend({
    sim: fleet(),
    miniplanes: {
      automation: [
        {
          subject: 'gitops-bot',
          entities: ['component:default/storage'],
        },
      ],
    },
    entities: [storageComponent, uiComponent, amyOfData],
  });

const as = (credentials = owner) => ({
  Authorization: mockCredentials.user.header(
    credentials.principal.userEntityRef,
  ),
});

describe('the OpenAPI spec of the REST API', () => {
  it('is openapi.yaml, and is served by the router', async () => {
    expect(spec).toEqual(
      parse(readFileSync(resolve(__dirname, '../schema/openapi.yaml'), 'utf8')),
    );

    const server = await start();
    const res = await request(server).get(`${BASE}/openapi.json`).set(as());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      Object.keys(spec.paths)
        .map(path => `${BASE}${path}`)
        .sort(),
    );
  });

  it('answers every operation it describes, with the documented shapes', async () => {
    const server = await start();
    const answered: string[] = [];
    const call = async (
      method: Method,
      path: string,
      options: {
        params?: Record<string, string>;
        query?: string;
        body?: object;
        credentials?: typeof owner;
      } = {},
    ) => {
      const url = path.replace(/\{(\w+)\}/g, (_, p) => options.params![p]);
      const req = request(server)
        [method](`${BASE}${url}${options.query ?? ''}`)
        .set(as(options.credentials));
      const res = await (options.body ? req.send(options.body) : req);
      expect({ url, status: res.status }).toEqual({
        url,
        status: method === 'post' && path === '/requests' ? 201 : 200,
      });
      expectDocumented(method, path, res);
      answered.push(`${method} ${path}`);
      return res.body;
    };

    await call('get', '/health');
    const clusters = await call('get', '/clusters');
    expect(
      clusters.items.find((c: FleetCluster) => c.name === 'eu-west'),
    ).toMatchObject({
      labels: { jurisdiction: 'IE' },
      labelSources: { jurisdiction: 'fleet file' },
    });
    // The fleet's first refresh saw every cluster's jurisdiction.
    const changes = await call('get', '/sovereignty-changes', {
      query: '?limit=500',
    });
    expect(changes.items).toContainEqual(
      expect.objectContaining({
        cluster: 'eu-west',
        label: 'jurisdiction',
        to: 'IE',
        source: 'fleet file',
      }),
    );
    const governance = await call('get', '/governance');
    expect(governance).toEqual({
      items: [
        expect.objectContaining({
          classification: 'airline-data',
          allowedJurisdictions: ['US'],
        }),
      ],
      jurisdictions: { EU: ['FR', 'DE', 'IE', 'NL'] },
      storageLocations: [
        expect.objectContaining({ name: 'us-backups', jurisdiction: 'US' }),
        expect.objectContaining({ name: 'eu-backups', jurisdiction: 'IE' }),
      ],
    });
    const every = await call('get', '/services');
    // A page at a time, each service once, as the whole list has them.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('get', '/services', {
        query: `?limit=1${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`,
      });
      expect(page.items.length).toBeLessThanOrEqual(1);
      paged.push(...page.items.map((s: { entityRef: string }) => s.entityRef));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(
      every.items.map((s: { entityRef: string }) => s.entityRef),
    );
    expect(paged.length).toBeGreaterThan(1);
    await call('get', '/services/{namespace}/{kind}/{name}', {
      params: { namespace: 'default', kind: 'component', name: 'storage' },
    });
    await call('get', '/services/{namespace}/{kind}/{name}/evidence', {
      params: { namespace: 'default', kind: 'component', name: 'storage' },
    });
    await call('post', '/preview', { body: { service: storageYaml } });
    const file = () =>
      call('post', '/requests', {
        body: {
          entityRef: 'component:default/storage',
          reason: 'holiday traffic',
          spec: storageYaml,
        },
      });
    const filed = await file();
    await call('get', '/requests', { query: '?status=pending' });
    await call('get', '/requests/{id}', { params: { id: filed.id } });
    await call('post', '/requests/{id}/withdraw', {
      params: { id: filed.id },
      body: { comment: 'not now' },
    });
    await call('post', '/requests/{id}/reject', {
      params: { id: (await file()).id },
      credentials: approver,
    });
    await call('post', '/requests/{id}/approve', {
      params: { id: (await file()).id },
      body: { comment: 'go' },
      credentials: approver,
    });

    // A version rolled out in stages, the second behind a gate.
    const staged = parse(storageYaml);
    staged.spec.rollout = {
      stages: [
        { name: 'canary', clusters: { matchLabels: { region: 'us-east-1' } } },
        { name: 'rest', approval: true },
      ],
    };
    await call('post', '/requests/{id}/approve', {
      params: {
        id: (
          await call('post', '/requests', {
            body: {
              entityRef: 'component:default/storage',
              reason: 'staged',
              spec: staged,
            },
          })
        ).id,
      },
      credentials: approver,
    });
    const storage = {
      namespace: 'default',
      kind: 'component',
      name: 'storage',
    };
    let view: any;
    for (let i = 0; i < 40 && !view?.rollout?.state; i++) {
      if (i > 0) await new Promise(r => setTimeout(r, 250));
      view = await call('get', '/services/{namespace}/{kind}/{name}', {
        params: storage,
      });
    }
    expect(view.rollout.plan.stages.map((s: any) => s.name)).toEqual([
      'canary',
      'rest',
    ]);
    expect(view.rollout.state.specVersion).toBe(view.specVersion);
    const paused = await call(
      'post',
      '/services/{namespace}/{kind}/{name}/rollout/{action}',
      {
        params: { ...storage, action: 'pause' },
        body: { comment: 'looking at the canary' },
        credentials: approver,
      },
    );
    expect(paused.phase).toBe('Paused');
    // Its history a page at a time, newest first, each entry once.
    const history: number[] = [];
    let page = { items: [], more: true } as { items: any[]; more: boolean };
    while (page.more) {
      page = await call('get', '/services/{namespace}/{kind}/{name}/history', {
        params: storage,
        query: `?limit=2${history.length ? `&before=${history[0]}` : ''}`,
      });
      expect(page.items.length).toBeLessThanOrEqual(2);
      history.unshift(...page.items.map(e => e.id));
    }
    const served = await call('get', '/services/{namespace}/{kind}/{name}', {
      params: storage,
    });
    expect(history.length).toBeGreaterThan(4);
    expect(history).toEqual(served.history.map((e: { id: number }) => e.id));
    expect(served.olderHistory).toBeUndefined();

    const described = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map(method => `${method} ${path}`),
    );
    expect(new Set(answered)).toEqual(new Set(described));
  });

  it('lists requests a page at a time: newest first, each once, the cursor to the next page', async () => {
    const server = await start();
    const file = async (reason: string) =>
      (
        await request(server).post(`${BASE}/requests`).set(as()).send({
          entityRef: 'component:default/storage',
          reason,
          spec: storageYaml,
        })
      ).body.id as string;
    const filed = [
      await file('first'),
      await file('second'),
      await file('third'),
    ];
    const page = async (query: string) => {
      const res = await request(server)
        .get(`${BASE}/requests${query}`)
        .set(as(approver));
      expect(res.status).toBe(200);
      expectDocumented('get', '/requests', res);
      return res.body;
    };

    const first = await page('?status=pending&limit=2');
    expect(first.items).toHaveLength(2);
    expect(typeof first.nextCursor).toBe('string');
    const second = await page(
      `?status=pending&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    expect(second.nextCursor).toBeUndefined();
    const paged = [...first.items, ...second.items].map(r => r.id);
    expect(paged).toEqual(
      (await page('?status=pending')).items.map((r: { id: string }) => r.id),
    );
    expect([...paged].sort()).toEqual([...filed].sort());
  });

  it('refuses inputs it does not allow with 400 and a documented error', async () => {
    const server = await start();
    const refused = async (
      method: Method,
      path: string,
      url: string,
      body: object | undefined,
      message: string,
    ) => {
      const req = request(server)[method](`${BASE}${url}`).set(as());
      const res = await (body ? req.send(body) : req);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.error.message).toContain(message);
      expect(res.body.error.stack).toBeUndefined();
      expectDocumented(method, path, res);
    };

    await refused(
      'post',
      '/preview',
      '/preview',
      {},
      "request/body must have required property 'service'",
    );
    await refused(
      'post',
      '/preview',
      '/preview',
      { service: 42 },
      'request/body/service must match a schema in anyOf',
    );
    await refused(
      'post',
      '/preview',
      '/preview',
      { service: storageYaml, fleets: {} },
      'request/body must NOT have additional properties',
    );
    // A Job whose containers are not a list: placement cannot size it.
    await refused(
      'post',
      '/preview',
      '/preview',
      {
        service: exampleText('services/fare-model.yaml').replace(
          /^ *- name: train\n/m,
          '',
        ),
      },
      'spec.resources[0].manifest.spec.template.spec.containers: expected a list of containers, got an object',
    );
    await refused(
      'post',
      '/requests',
      '/requests',
      { entityRef: 'component:default/storage', reason: 1, spec: storageYaml },
      'request/body/reason must be string',
    );
    await refused(
      'get',
      '/requests',
      '/requests?status=maybe',
      undefined,
      'request/query/status must be equal to one of the allowed values',
    );
    await refused(
      'get',
      '/requests',
      '/requests?limit=0',
      undefined,
      'request/query/limit must be >= 1',
    );
    await refused(
      'get',
      '/requests',
      '/requests?limit=10&cursor=not-ours',
      undefined,
      'cursor: not a cursor GET /requests answered with',
    );
    await refused(
      'get',
      '/services',
      '/services?limit=2&cursor=bm90LW91cnM',
      undefined,
      'cursor: not a cursor GET /services answered with',
    );
    await refused(
      'get',
      '/requests',
      '/requests?owner=me',
      undefined,
      "Unknown query parameter 'owner'",
    );
    await refused(
      'post',
      '/requests/{id}/approve',
      '/requests/r1/approve',
      { comment: 5 },
      'request/body/comment must be string',
    );
  });

  it('answers unknown services and requests with a documented 404', async () => {
    const server = await start();
    const service = await request(server)
      .get(`${BASE}/services/default/component/nope`)
      .set(as());
    expect(service.status).toBe(404);
    expectDocumented('get', '/services/{namespace}/{kind}/{name}', service);
    const filed = await request(server).get(`${BASE}/requests/nope`).set(as());
    expect(filed.status).toBe(404);
    expectDocumented('get', '/requests/{id}', filed);
  });
});

describe('filing by automation (miniplanes.automation)', () => {
  const bot = (subject = 'gitops-bot') => ({
    Authorization: mockCredentials.service.header({
      onBehalfOf: mockCredentials.service(subject),
      targetPluginId: 'miniplanes',
    }),
  });
  const filing = (body: object = {}) => ({
    entityRef: 'component:default/storage',
    reason: 'merged infra/storage.yaml',
    spec: storageYaml,
    onBehalfOf: 'user:default/amy',
    ...body,
  });

  /** The bot's filing for amy, as its pipeline posts it. */
  const fileAsBot = (server: Server) =>
    request(server).post(`${BASE}/requests`).set(bot()).send(filing());

  it('lets a listed service principal file for its entities on behalf of a user, who becomes the requester', async () => {
    const server = await start();
    const filed = await fileAsBot(server);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      status: 'pending',
      requestedBy: 'user:default/amy',
    });
    expectDocumented('post', '/requests', filed);
  });

  it('never lets a service principal decide or withdraw', async () => {
    const server = await start();
    const filed = await fileAsBot(server);
    for (const action of ['approve', 'reject', 'withdraw']) {
      const res = await request(server)
        .post(`${BASE}/requests/${filed.body.id}/${action}`)
        .set(bot());
      expect({
        action,
        status: res.status,
        message: res.body.error.message,
      }).toEqual({
        action,
        status: 403,
        message:
          'placement requests are decided and withdrawn by people: sign in as a user',
      });
    }
  });

  it('refuses principals, entities and users it does not know, and says what to fix', async () => {
    const server = await start();
    const refused = async (
      headers: Record<string, string>,
      body: object,
      status: number,
      message: string,
    ) => {
      const res = await request(server)
        .post(`${BASE}/requests`)
        .set(headers)
        .send(filing(body));
      expect({ status: res.status, message: res.body.error.message }).toEqual({
        status,
        message,
      });
      expectDocumented('post', '/requests', res);
    };
    await refused(
      bot('release-bot'),
      {},
      403,
      'the service principal release-bot may not file placement requests: list it under miniplanes.automation with the entities it files for',
    );
    await refused(
      bot(),
      { entityRef: 'component:default/ui' },
      403,
      'the service principal gitops-bot may not file placement requests for component:default/ui: add it to its entities under miniplanes.automation',
    );
    await refused(
      bot(),
      { onBehalfOf: undefined },
      400,
      'onBehalfOf: a service principal files on behalf of a user, who becomes the requester; name them, e.g. user:default/jane',
    );
    await refused(
      bot(),
      { onBehalfOf: 'group:default/data' },
      400,
      'onBehalfOf must be a user entity ref such as user:default/jane, got "group:default/data"',
    );
    await refused(
      bot(),
      { onBehalfOf: 'user:default/nobody' },
      400,
      'onBehalfOf: user:default/nobody is not a user in the catalog',
    );
    await refused(
      as(),
      {},
      400,
      'onBehalfOf: only service principals file on behalf of someone; users file as themselves',
    );
  });
});
