import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { http } from 'msw';
import { actionContext } from '../__testUtils__/actionContext';
import { priceWatcher } from '../__testUtils__/fixtures';
import { requestView, setupMiniplanesApi } from '../__testUtils__/mockApi';
import { requestPlacementAction } from './requestPlacementAction';

describe('miniplanes:placement:request', () => {
  const api = setupMiniplanesApi();

  const action = requestPlacementAction({ client: api.client });
  const currentService = api.storedService(2);
  const newPlacement: FederatedService['spec']['placement'] = {
    clusterSelector: { matchLabels: { provider: 'gcp' } },
    tolerations: [{ key: 'spot', operator: 'Exists' }],
    replicas: { total: 8, mode: 'Divided', weighting: 'Capacity' },
  };
  const proposed: FederatedService = {
    ...priceWatcher,
    spec: { ...priceWatcher.spec, placement: newPlacement },
  };

  /**
   * Runs the action on `input`, the API filing what it is sent as req-2;
   * returns the action's context and the requests it filed.
   */
  async function fileWith(input: Record<string, unknown>) {
    const filed = api.recordFilings(body =>
      requestView({ id: 'req-2', spec: body.spec, baseSpecVersion: 2 }),
    );
    const ctx = actionContext(input);
    await action.handler(ctx);
    return { filed, ctx };
  }

  it("replaces the current placement, keeping the rest of the service's document", async () => {
    api.use(currentService);
    const { filed, ctx } = await fileWith({
      entityRef: 'price-watcher',
      placement: newPlacement,
      reason: 'gcp only',
    });

    expect(filed).toEqual([
      {
        body: {
          entityRef: 'component:default/price-watcher',
          reason: 'gcp only',
          spec: proposed,
        },
        authorization: api.initiatorAuthorization,
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('requestId', 'req-2');
    expect(ctx.output).toHaveBeenCalledWith(
      'requestUrl',
      '/miniplanes/requests?request=req-2',
    );
  });

  it('adds a staged rollout to the current document, keeping its placement', async () => {
    api.use(currentService);
    const rollout = {
      stages: [
        { name: 'canary', clusters: { matchLabels: { provider: 'gcp' } } },
        { name: 'rest', approval: true },
      ],
      onFailure: 'Rollback',
    };
    const { filed } = await fileWith({
      entityRef: 'price-watcher',
      rollout,
      reason: 'canary on gcp first',
    });

    expect(filed.map(f => f.body.spec.spec)).toEqual([
      { ...priceWatcher.spec, rollout },
    ]);
  });

  it('files a whole new document', async () => {
    const { filed } = await fileWith({
      entityRef: 'component:default/price-watcher',
      service: proposed,
      reason: 'gcp only',
    });

    expect(filed.map(f => f.body.spec)).toEqual([proposed]);
  });

  it.each([
    {
      title: 'reports an invalid rollout at its path in the document',
      served: [currentService],
      input: {
        entityRef: 'price-watcher',
        rollout: { stages: [{ name: 'canary' }], progressDeadline: 'soon' },
        reason: 'canary',
      },
      error:
        /the current service with the proposed change is not a valid FederatedService:\nspec\.rollout\.progressDeadline: expected a duration/,
    },
    {
      title: 'refuses a document for another entity',
      served: [],
      input: {
        entityRef: 'component:default/storage',
        service: proposed,
        reason: 'gcp only',
      },
      error:
        'service.metadata.entityRef is component:default/price-watcher, but the request is for component:default/storage',
    },
    {
      title: 'reports an invalid placement at its path in the document',
      served: [currentService],
      input: {
        entityRef: 'price-watcher',
        placement: { replicas: { total: -1, mode: 'Divided' } },
        reason: 'gcp only',
      },
      error:
        'the current service with the proposed change is not a valid FederatedService:\nspec.placement.replicas.total: expected a non-negative integer, got -1',
    },
    {
      title: 'says to create the service when there is none',
      served: [api.noService],
      input: {
        entityRef: 'price-watcher',
        placement: newPlacement,
        reason: 'gcp only',
      },
      error:
        'component:default/price-watcher has no federated service to change; create it with miniplanes:service:create',
    },
  ])('$title', async ({ served, input, error }) => {
    api.use(...served);
    const ctx = actionContext(input);

    await expect(action.handler(ctx)).rejects.toThrow(error);
  });

  it.each([
    ['neither', {}],
    ['both', { placement: newPlacement, service: proposed }],
    ['a rollout and a service', { rollout: { stages: [] }, service: proposed }],
  ])(
    'needs placement and/or rollout, or a service, not %s',
    async (_, extra) => {
      const ctx = actionContext({
        entityRef: 'price-watcher',
        reason: 'gcp only',
        ...extra,
      });

      await expect(action.handler(ctx)).rejects.toThrow(
        'give either placement and/or rollout (the new spec.placement, spec.rollout) or service (the whole new FederatedService), not both and not neither',
      );
    },
  );

  it("fails with the API's message when reading the service fails", async () => {
    api.use(
      http.get(api.priceWatcherUrl, () =>
        api.error(401, 'AuthenticationError', 'Missing credentials'),
      ),
    );
    const ctx = actionContext({
      entityRef: 'price-watcher',
      placement: newPlacement,
      reason: 'gcp only',
    });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'AuthenticationError',
      message: 'Missing credentials',
    });
  });

  it('previews the proposal instead of filing it in a dry run', async () => {
    api.use(currentService);
    const previewed = api.recordPreviews();
    const ctx = actionContext(
      {
        entityRef: 'price-watcher',
        placement: newPlacement,
        reason: 'gcp only',
      },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(previewed).toEqual([{ service: proposed }]);
    expect(ctx.output).toHaveBeenCalledWith('requestId', 'dry-run');
  });
});
