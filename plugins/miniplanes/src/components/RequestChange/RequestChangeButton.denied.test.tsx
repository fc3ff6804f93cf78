import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { miniplanesApiRef } from '../../api';
import {
  apiBase,
  serviceView,
  storageSpec,
  testClient,
} from '../../__testUtils__/testFixtures';
import { EntityPlacementContent } from '../EntityPlacementContent';

const server = setupServer();
registerMswTestHooks(server);

// In a file of its own: usePermission caches a permission's decision for the
// test module's lifetime, so allowed and denied users cannot share a file.
describe('RequestChangeButton for users who may not request changes', () => {
  it('is not shown', async () => {
    const authorized: unknown[] = [];
    server.use(
      http.get(`${apiBase}/services/default/component/storage`, () =>
        HttpResponse.json(serviceView(storageSpec)),
      ),
    );
    await renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'storage', namespace: 'default' },
          spec: { type: 'service', owner: 'data-team' },
        }}
      >
        <EntityPlacementContent />
      </EntityProvider>,
      {
        apis: [
          [miniplanesApiRef, testClient],
          mockApis.permission({
            authorize: request => {
              authorized.push(request);
              return AuthorizeResult.DENY;
            },
          }),
        ],
      },
    );
    expect(
      await screen.findByText('The placement policy is met.'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(authorized).toContainEqual(
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'miniplanes.request.create',
          }),
          resourceRef: 'component:default/storage',
        }),
      ),
    );
    expect(
      screen.queryByRole('button', { name: 'Request change' }),
    ).not.toBeInTheDocument();
  });
});
