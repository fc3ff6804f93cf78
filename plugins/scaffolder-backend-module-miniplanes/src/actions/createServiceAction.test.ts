import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse } from 'msw';
import { actionContext } from '../__testUtils__/actionContext';
import { priceWatcher, priceWatcherYaml } from '../__testUtils__/fixtures';
import { requestView, setupMiniplanesApi } from '../__testUtils__/mockApi';
import { createServiceAction } from './createServiceAction';

describe('miniplanes:service:create', () => {
  const api = setupMiniplanesApi();

  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'price-watcher', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/airline-team' },
  };
  const action = createServiceAction({
    client: api.client,
    catalog: catalogServiceMock({ entities: [entity] }),
  });

  it.each([
    ['an object', priceWatcher],
    ['YAML text', priceWatcherYaml],
  ])(
    'files the first request as the initiator, given %s',
    async (_, service) => {
      api.use(api.noService);
      const filed = api.recordFilings();
      const ctx = actionContext({ service, reason: 'new service' });

      await action.handler(ctx);

      expect(filed).toEqual([
        {
          body: {
            entityRef: 'component:default/price-watcher',
            reason: 'new service',
            spec: priceWatcher,
          },
          authorization: api.initiatorAuthorization,
        },
      ]);
      expect(ctx.output).toHaveBeenCalledWith('requestId', 'req-1');
      expect(ctx.output).toHaveBeenCalledWith('status', 'pending');
      expect(ctx.output).toHaveBeenCalledWith(
        'requestUrl',
        '/miniplanes/requests?request=req-1',
      );
      expect(ctx.output).toHaveBeenCalledWith('satisfiable', true);
    },
  );

  it('fails with every problem of an invalid document, filing nothing', async () => {
    const ctx = actionContext({
      service: {
        ...priceWatcher,
        metadata: { name: 'Price Watcher', entityRef: 'price-watcher' },
      },
      reason: 'new service',
    });

    const error = action.handler(ctx);

    await expect(error).rejects.toThrow(
      /service is not a valid FederatedService:\nmetadata\.name: expected a DNS label.*\nmetadata\.entityRef: expected a catalog entity reference/s,
    );
  });

  it("fails with the API's message when the backend refuses", async () => {
    api.use(
      api.noService,
      http.post(api.url('/requests'), () =>
        api.error(
          403,
          'NotAllowedError',
          'you may not request placement changes for component:default/price-watcher: only its owners may',
        ),
      ),
    );
    const ctx = actionContext({ service: priceWatcher, reason: 'new service' });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'you may not request placement changes for component:default/price-watcher: only its owners may',
    });
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses to create a service that already exists', async () => {
    api.use(api.storedService(3));
    const ctx = actionContext({ service: priceWatcher, reason: 'new service' });

    await expect(action.handler(ctx)).rejects.toThrow(
      'component:default/price-watcher already has a federated service (version 3); use miniplanes:placement:request to change it',
    );
  });

  it('waits for the catalog to ingest the entity before filing', async () => {
    const getEntityByRef = jest
      .fn()
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue(entity);
    const catalog = catalogServiceMock.mock({ getEntityByRef });
    const filed = jest.fn();
    api.use(
      api.noService,
      http.post(api.url('/requests'), () => {
        filed(getEntityByRef.mock.calls.length);
        return HttpResponse.json(requestView(), { status: 201 });
      }),
    );
    const ctx = actionContext({ service: priceWatcher, reason: 'new service' });

    await createServiceAction({ client: api.client, catalog }).handler(ctx);

    expect(getEntityByRef).toHaveBeenCalledWith(
      'component:default/price-watcher',
      { credentials: await ctx.getInitiatorCredentials() },
    );
    expect(filed).toHaveBeenCalledWith(2);
    expect(ctx.output).toHaveBeenCalledWith('requestId', 'req-1');
  });

  it('fails without filing when the entity is not in the catalog', async () => {
    api.use(api.noService);
    const ctx = actionContext({
      service: priceWatcher,
      reason: 'new service',
      catalogTimeoutSeconds: 0,
    });

    await expect(
      createServiceAction({
        client: api.client,
        catalog: catalogServiceMock(),
      }).handler(ctx),
    ).rejects.toThrow(
      'component:default/price-watcher is not in the catalog after 0s, or you may not see it; register it (catalog:register) before this step, with yourself or your team as its owner',
    );
  });

  it('previews instead of filing in a dry run, where no entity was registered', async () => {
    api.use(api.noService);
    const previewed = api.recordPreviews();
    const ctx = actionContext(
      { service: priceWatcherYaml, reason: 'new service' },
      { isDryRun: true },
    );
    const logged = jest.spyOn(ctx.logger, 'info');

    await createServiceAction({
      client: api.client,
      catalog: catalogServiceMock(),
    }).handler(ctx);

    expect(previewed).toEqual([{ service: priceWatcher }]);
    // The preview's counts in words, as the task's log shows them.
    const log = logged.mock.calls.map(call => String(call[0])).join('\n');
    expect(log).toMatch(/preview: compute: \d+ replicas? on /);
    expect(log).not.toContain('(s)');
    expect(ctx.output).toHaveBeenCalledWith('requestId', 'dry-run');
    expect(ctx.output).toHaveBeenCalledWith('status', 'pending');
    expect(ctx.output).toHaveBeenCalledWith('satisfiable', true);
  });

  it('still validates the document in a dry run', async () => {
    const ctx = actionContext(
      { service: 'kind: FederatedService', reason: 'new service' },
      { isDryRun: true },
    );

    await expect(action.handler(ctx)).rejects.toThrow(
      /metadata: required: expected an object/,
    );
  });
});
