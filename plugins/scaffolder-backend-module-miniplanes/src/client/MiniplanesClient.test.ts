import { mockCredentials } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { priceWatcher } from '../__testUtils__/fixtures';
import { requestView, setupMiniplanesApi } from '../__testUtils__/mockApi';

describe('MiniplanesClient', () => {
  const api = setupMiniplanesApi();
  const asInitiator = { credentials: mockCredentials.user() };

  it("calls the API with a token on behalf of the caller's credentials", async () => {
    const seen: (string | null)[] = [];
    api.use(
      http.get(api.url('/requests/:id'), ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json({ ...requestView(), history: [] });
      }),
    );
    expect(await api.client.getRequest('req-1', asInitiator)).toMatchObject({
      id: 'req-1',
      status: 'pending',
    });
    expect(seen).toEqual([api.initiatorAuthorization]);
  });

  it('reads a service by a short entity ref, and undefined when there is none', async () => {
    const paths: string[] = [];
    api.use(
      http.get(api.url('/services/:namespace/:kind/:name'), ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return api.error(404, 'NotFoundError', 'no federated service');
      }),
    );
    expect(
      await api.client.getService('price-watcher', asInitiator),
    ).toBeUndefined();
    expect(paths).toEqual([
      '/api/miniplanes/services/default/component/price-watcher',
    ]);
  });

  it("throws the server's error name and message", async () => {
    api.use(
      http.post(api.url('/requests'), () =>
        api.error(403, 'NotAllowedError', 'only its owners may'),
      ),
    );
    await expect(
      api.client.fileRequest(
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
    api.use(
      http.post(
        api.url('/preview'),
        () =>
          new HttpResponse('upstream connect error', {
            status: 502,
            statusText: 'Bad Gateway',
          }),
      ),
    );
    await expect(api.client.preview(priceWatcher, asInitiator)).rejects.toThrow(
      'Request failed with status 502 Bad Gateway, upstream connect error',
    );
  });
});
