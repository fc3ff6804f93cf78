import {
  registerMswTestHooks,
  renderInTestApp,
  TestAppOptions,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { setupServer } from 'msw/node';
import { miniplanesApiRef } from '../api';
import { EntityPlacementContent } from '../components/EntityPlacementContent';
import { testClient } from './testFixtures';

/** A msw server for the miniplanes API, reset after each test of the calling file. */
export function setupMiniplanesServer() {
  const server = setupServer();
  registerMswTestHooks(server);
  return server;
}

/**
 * Renders `element` in a test app whose miniplanes API is the real client
 * talking to msw; `options.apis` adds the other APIs the test needs.
 */
export function renderWithMiniplanes(
  element: JSX.Element,
  options: TestAppOptions = {},
) {
  return renderInTestApp(element, {
    ...options,
    // Services and people link to their catalog pages.
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      ...options.mountedRoutes,
    },
    apis: [[miniplanesApiRef, testClient], ...(options.apis ?? [])],
  });
}

/** Renders the Placement tab of the service component `name` (default namespace). */
export function renderPlacementTab(name: string, options: TestAppOptions = {}) {
  return renderWithMiniplanes(
    <EntityProvider
      entity={{
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, namespace: 'default' },
        spec: { type: 'service', owner: 'data-team' },
      }}
    >
      <EntityPlacementContent />
    </EntityProvider>,
    options,
  );
}
