import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  apiBase,
  backstageError,
  testApiClient,
} from '../__testUtils__/apiServer';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import { evaluatePlacement } from '../placement/evaluatePlacement';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const storage = demoService('storage');
const decision = evaluatePlacement({ service: storage, fleet: demoFleet() });

describe('MiniplanesApiClient', () => {
  it('reads the fleet from GET /clusters', async () => {
    const cluster = {
      ...demoFleet().clusters[0],
      connected: true,
      services: [],
    };
    server.use(
      http.get(`${apiBase}/clusters`, () =>
        HttpResponse.json({ items: [cluster] }),
      ),
    );
    expect(await testApiClient().getClusters()).toEqual([cluster]);
  });

  it("reads the fleet's data rules from GET /governance", async () => {
    const fleet = demoFleet();
    const governance = {
      items: fleet.governance,
      jurisdictions: { EU: ['DE', 'IE'] },
      storageLocations: fleet.storageLocations ?? [],
    };
    server.use(
      http.get(`${apiBase}/governance`, () => HttpResponse.json(governance)),
    );
    expect(await testApiClient().getGovernance()).toEqual(governance);
  });

  it("addresses a service by its entity's namespace, kind and name", async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${apiBase}/services/:namespace/:kind/:name`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json({
          entityRef: 'component:default/storage',
          specVersion: 1,
          spec: storage,
          status: { state: 'InSync', message: 'in sync', clusters: [] },
          history: [],
          requests: [],
        });
      }),
    );
    const view = await testApiClient().getService('component:default/storage');
    expect(view?.spec).toEqual(storage);
    expect(paths).toEqual([
      '/api/miniplanes/services/default/component/storage',
    ]);
  });

  it('answers undefined for an entity without a federated service', async () => {
    server.use(
      http.get(`${apiBase}/services/:namespace/:kind/:name`, () =>
        backstageError(404, 'NotFoundError', 'no federated service'),
      ),
    );
    expect(
      await testApiClient().getService('component:default/nope'),
    ).toBeUndefined();
  });

  it("throws a ResponseError carrying the server's error name and message", async () => {
    server.use(
      http.post(`${apiBase}/preview`, () =>
        backstageError(400, 'InputError', 'spec.placement is not an object'),
      ),
    );
    const error = await testApiClient()
      .preview(storage)
      .catch((e: unknown) => e);
    expect(ResponseError.is(error)).toBe(true);
    expect((error as ResponseError).statusCode).toBe(400);
    expect((error as ResponseError).cause).toMatchObject({
      name: 'InputError',
      message: 'spec.placement is not an object',
    });
  });

  it('sends the filter as query parameters and the documents as JSON', async () => {
    const seen: { query?: string; body?: unknown } = {};
    server.use(
      http.get(`${apiBase}/requests`, ({ request }) => {
        seen.query = new URL(request.url).search;
        return HttpResponse.json({ items: [] });
      }),
      http.post(`${apiBase}/preview`, async ({ request }) => {
        seen.body = await request.json();
        return HttpResponse.json(decision);
      }),
    );
    const client = testApiClient();
    await client.listRequests({
      status: 'pending',
      entityRef: 'component:default/storage',
    });
    expect(await client.preview('kind: FederatedService')).toEqual(decision);
    expect(seen).toEqual({
      query: '?status=pending&entityRef=component%3Adefault%2Fstorage',
      body: { service: 'kind: FederatedService' },
    });
  });

  it('asks for pages of requests and of services, and gives the cursor to the next one', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${apiBase}/:list`, ({ request, params }) => {
        asked.push(`${params.list}${new URL(request.url).search}`);
        return HttpResponse.json({ items: [], nextCursor: 'next' });
      }),
    );
    const client = testApiClient();
    const page = { items: [], nextCursor: 'next' };

    expect(
      await client.listRequestsPage({
        status: 'applied',
        limit: 2,
        cursor: 'c1',
      }),
    ).toEqual(page);
    expect(await client.getServicesPage({ limit: 50, cursor: 's1' })).toEqual(
      page,
    );
    // Without a limit, every service.
    expect(await client.getServices()).toEqual([]);
    expect(asked).toEqual([
      'requests?status=applied&limit=2&cursor=c1',
      'services?limit=50&cursor=s1',
      'services',
    ]);
  });

  it("posts each decision to its own route, with the caller's token when given", async () => {
    const calls: unknown[] = [];
    server.use(
      http.post(
        `${apiBase}/requests/:id/:action`,
        async ({ request, params }) => {
          calls.push({
            action: params.action,
            id: params.id,
            body: await request.json(),
            authorization: request.headers.get('authorization'),
          });
          return HttpResponse.json({});
        },
      ),
    );
    const client = testApiClient();
    await client.decide('r1', 'approve', 'go', { token: 'on-behalf' });
    await client.decide('r/2', 'withdraw');
    expect(calls).toEqual([
      {
        action: 'approve',
        id: 'r1',
        body: { comment: 'go' },
        authorization: 'Bearer on-behalf',
      },
      { action: 'withdraw', id: 'r/2', body: {}, authorization: null },
    ]);
  });
});
