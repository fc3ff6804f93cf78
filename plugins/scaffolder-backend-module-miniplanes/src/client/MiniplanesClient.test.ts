import { mockCredentials } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import {
  apiBase,
  apiError,
  initiatorAuthorization,
  priceWatcher,
  requestView,
  setupApiServer,
  testClient,
} from '../__testUtils__/fixtures';

describe('MiniplanesClient', () => {
  const server = setupApiServer();
  const asInitiator = { credentials: mockCredentials.user() };

  it("calls the API with a token on behalf of the caller's credentials", async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${apiBase}/requests/:id`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json({ ...requestView(), history: [] });
      }),
    );
    expect(await testClient().getRequest('req-1', asInitiator)).toMatchObject({
      id: 'req-1',
      status: 'pending',
    });
    expect(seen).toEqual([initiatorAuthorization]);
  });

  it('reads a service by a short entity ref, and undefined when there is none', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${apiBase}/services/:namespace/:kind/:name`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return apiError(404, 'NotFoundError', 'no federated service');
      }),
    );
    expect(
      await testClient().getService('price-watcher', asInitiator),
    ).toBeUndefined();
    expect(paths).toEqual([
      '/api/miniplanes/services/default/component/price-watcher',
    ]);
  });

  it("throws the server's error name and message", async () => {
    server.use(
      http.post(`${apiBase}/requests`, () =>
        apiError(403, 'NotAllowedError', 'only its owners may'),
      ),
    );
    await expect(
      testClient().fileRequest(
        {
          entityRef: 'component:default/price-watcher',
          reason: 'new service',
          spec: priceWatcher,
        },
        asInitiator,
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'only its owners may',
    });
  });

  it('keeps the status and text of an answer that is not the API error JSON', async () => {
    server.use(
      http.post(
        `${apiBase}/preview`,
        () =>
          new HttpResponse('upstream connect error', {
            status: 502,
            statusText: 'Bad Gateway',
          }),
      ),
    );
    await expect(
      testClient().preview(priceWatcher, asInitiator),
    ).rejects.toThrow(
      'Request failed with status 502 Bad Gateway, upstream connect error',
    );
  });
});
