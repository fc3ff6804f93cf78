import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import {
  diffDecisions,
  FederatedService,
  evaluatePlacement,
  fleetFromFile,
  parseFleetFile,
  PlacementRequestView,
} from '@miniplanes/plugin-miniplanes-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MiniplanesClient } from '../client/MiniplanesClient';
import { priceWatcher } from './fixtures';

/** Where mockServices.discovery() puts the miniplanes API; msw serves it. */
const apiBase = 'http://localhost:0/api/miniplanes';

/** The fleet the mocked API places services on. */
const fleetFile = parseFleetFile({
  clusters: [
    {
      name: 'us-east',
      labels: { jurisdiction: 'US', region: 'us-east-1', provider: 'aws' },
      nodes: { count: 3, cpu: '16', memory: '64Gi' },
    },
    {
      name: 'eu-spot',
      labels: { jurisdiction: 'IE', region: 'eu-west-1', provider: 'gcp' },
      capabilities: ['spot'],
      taints: ['spot=true:NoSchedule'],
      nodes: { count: 2, cpu: '8', memory: '32Gi' },
    },
  ],
});
if (!fleetFile.ok) throw new Error('fixture fleet is invalid');
const fleet = fleetFromFile(fleetFile.value);

/** A request for the price watcher as the API serves it, pending unless overridden. */
export function requestView(
  extra: Partial<PlacementRequestView> = {},
): PlacementRequestView {
  const spec = extra.spec ?? priceWatcher;
  const decision = evaluatePlacement({ service: spec, fleet });
  return {
    id: 'req-1',
    entityRef: 'component:default/price-watcher',
    status: 'pending',
    requestedBy: 'user:default/mock',
    reason: 'new service',
    spec,
    decision,
    diff: diffDecisions(undefined, decision),
    checks: [
      {
        name: 'placement',
        passed: decision.satisfiable,
        message: 'every role has a place that meets the policy',
      },
    ],
    stale: false,
    createdAt: '2026-11-25T10:00:00Z',
    updatedAt: '2026-11-25T10:00:00Z',
    ...extra,
  };
}

/** The decision the fixture fleet gives a service, as POST /preview answers. */
export function previewOf(spec = priceWatcher) {
  return evaluatePlacement({ service: spec, fleet });
}

/** An error answer as Backstage's error handler sends it from the backend. */
function apiError(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** A request as the action filed it: the body and the Authorization header. */
export interface Filing {
  body: { entityRef: string; reason: string; spec: FederatedService };
  authorization: string | null;
}

/**
 * The miniplanes API, served by msw for the tests of the calling block (its
 * handlers reset after each test): the client that calls it, and what a test
 * needs to serve it and to check what it was sent.
 */
export function setupMiniplanesApi() {
  const server = setupServer();
  registerMswTestHooks(server);
  const priceWatcherUrl = `${apiBase}/services/default/component/price-watcher`;
  return {
    /** The real client, with the mock discovery and auth services. */
    client: new MiniplanesClient({
      discovery: mockServices.discovery(),
      auth: mockServices.auth(),
    }),

    /** The URL of a path of the API, such as `/requests/req-1`. */
    url: (path: string) => `${apiBase}${path}`,

    /** Serves these handlers in the running test, before the earlier ones. */
    use: server.use.bind(server),

    /** An error answer as Backstage's error handler sends it. */
    error: apiError,

    /**
     * The Authorization header of a call made on behalf of actionContext's
     * initiator (mockCredentials.user()); anything else means the action used
     * other credentials.
     */
    initiatorAuthorization: `Bearer ${mockCredentials.service.token({
      onBehalfOf: mockCredentials.user(),
      targetPluginId: 'miniplanes',
    })}`,

    /** The price watcher's service. */
    priceWatcherUrl,

    /** GET of the price watcher's service, as when it has none yet. */
    noService: http.get(priceWatcherUrl, () =>
      apiError(404, 'NotFoundError', 'no federated service'),
    ),

    /** GET of the price watcher's service, at `specVersion`. */
    storedService(specVersion: number) {
      return http.get(priceWatcherUrl, () =>
        HttpResponse.json({
          entityRef: 'component:default/price-watcher',
          specVersion,
          spec: priceWatcher,
        }),
      );
    },

    /**
     * Serves POST /preview in the running test as the API answers it for the
     * fixture fleet; the bodies it is sent.
     */
    recordPreviews() {
      const previewed: unknown[] = [];
      server.use(
        http.post(`${apiBase}/preview`, async ({ request }) => {
          const body = (await request.json()) as { service: FederatedService };
          previewed.push(body);
          return HttpResponse.json(previewOf(body.service));
        }),
      );
      return previewed;
    },

    /**
     * Serves POST /requests in the running test, answering `answer(body)`
     * with 201; the requests it is sent.
     */
    recordFilings(
      answer: (body: Filing['body']) => PlacementRequestView = () =>
        requestView(),
    ) {
      const filed: Filing[] = [];
      server.use(
        http.post(`${apiBase}/requests`, async ({ request }) => {
          const body = (await request.json()) as Filing['body'];
          filed.push({
            body,
            authorization: request.headers.get('authorization'),
          });
          return HttpResponse.json(answer(body), { status: 201 });
        }),
      );
      return filed;
    },
  };
}
