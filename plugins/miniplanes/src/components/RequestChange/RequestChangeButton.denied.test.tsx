import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor } from '@testing-library/react';
import { serviceView, storageSpec } from '../../__testUtils__/testFixtures';
import { serveService } from '../../__testUtils__/apiHandlers';
import {
  renderPlacementTab,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

// In a file of its own: usePermission caches a permission's decision for the
// test module's lifetime, so allowed and denied users cannot share a file.
describe('RequestChangeButton for users who may not request changes', () => {
  it('is not shown', async () => {
    const authorized: unknown[] = [];
    serveService(server, serviceView(storageSpec));
    await renderPlacementTab('storage', {
      apis: [
        mockApis.permission({
          authorize: request => {
            authorized.push(request);
            return AuthorizeResult.DENY;
          },
        }),
      ],
    });
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
