import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  diffDecisions,
  FederatedService,
  evaluatePlacement,
  fleetFromFile,
  parseFederatedService,
  parseFleetFile,
  PlacementRequestView,
} from '@miniplanes/plugin-miniplanes-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MiniplanesClient } from '../client/MiniplanesClient';

/** Where mockServices.discovery() puts the miniplanes API; msw serves it. */
export const apiBase = 'http://localhost:0/api/miniplanes';

/** A msw server for the miniplanes API, reset after each test of the calling block. */
export function setupApiServer() {
  const server = setupServer();
  registerMswTestHooks(server);
  return server;
}

/** The price watcher's service in the API. */
export const priceWatcherUrl = `${apiBase}/services/default/component/price-watcher`;

/** The real client, with the mock discovery and auth services. */
export function testClient(): MiniplanesClient {
  return new MiniplanesClient({
    discovery: mockServices.discovery(),
    auth: mockServices.auth(),
  });
}

/**
 * The Authorization header of a call made on behalf of createMockActionContext's
 * initiator (mockCredentials.user()); anything else means the action used
 * other credentials.
 */
export const initiatorAuthorization = `Bearer ${mockCredentials.service.token({
  onBehalfOf: mockCredentials.user(),
  targetPluginId: 'miniplanes',
})}`;

/**
 * A mock action context for an input, as the initiator mockCredentials.user().
 * Typed loosely: the inputs hold FederatedService values, which TypeScript
 * does not see as JSON.
 */
export function actionContext(
  input: Record<string, unknown>,
  options: { isDryRun?: boolean } = {},
) {
  return {
    ...createMockActionContext<any>({ input }),
    isDryRun: options.isDryRun ?? false,
  };
}

/** A stateless service as a template would write it, as YAML text. */
export const priceWatcherYaml = `apiVersion: miniplanes.io/v1alpha1
kind: FederatedService
metadata:
  name: price-watcher
  entityRef: component:default/price-watcher
spec:
  placement:
    tolerations: [{ key: spot, operator: Exists }]
    replicas: { total: 4, mode: Divided, weighting: Capacity }
  resources:
    - role: compute
      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: price-watcher }
        spec:
          template:
            spec:
              containers:
                - name: watcher
                  image: ghcr.io/miniplanes/price-watcher:1.0.3
`;

const parsed = parseFederatedService(priceWatcherYaml);
if (!parsed.ok) throw new Error('fixture service is invalid');
export const priceWatcher = parsed.value;

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
export function apiError(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** GET of the price watcher's service, as when it has none yet. */
export const noService = http.get(priceWatcherUrl, () =>
  apiError(404, 'NotFoundError', 'no federated service'),
);

/** GET of the price watcher's service, at `specVersion`. */
export function storedService(specVersion: number) {
  return http.get(priceWatcherUrl, () =>
    HttpResponse.json({
      entityRef: 'component:default/price-watcher',
      specVersion,
      spec: priceWatcher,
    }),
  );
}

/** POST /preview as the API answers it for the fixture fleet; `previewed` collects the bodies. */
export function recordPreviews(previewed: unknown[]) {
  return http.post(`${apiBase}/preview`, async ({ request }) => {
    const body = (await request.json()) as { service: FederatedService };
    previewed.push(body);
    return HttpResponse.json(previewOf(body.service));
  });
}

/** A request as the action filed it: the body and the Authorization header. */
export interface Filing {
  body: { entityRef: string; reason: string; spec: FederatedService };
  authorization: string | null;
}

/** POST /requests, answering `answer(body)` with 201; `filed` collects each filing. */
export function recordFilings(
  filed: Filing[],
  answer: (body: Filing['body']) => PlacementRequestView = () => requestView(),
) {
  return http.post(`${apiBase}/requests`, async ({ request }) => {
    const body = (await request.json()) as Filing['body'];
    filed.push({ body, authorization: request.headers.get('authorization') });
    return HttpResponse.json(answer(body), { status: 201 });
  });
}
