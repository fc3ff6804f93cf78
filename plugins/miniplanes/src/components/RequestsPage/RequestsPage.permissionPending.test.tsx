import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionApi } from '@backstage/plugin-permission-react';
import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { apiBase, pendingRequest } from '../../__testUtils__/testFixtures';
import { renderRequestsPage } from '../../__testUtils__/requestsPage';
import { setupMiniplanesServer } from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

// In a file of its own: usePermission caches a permission's decision for the
// test module's lifetime, and this test needs the first check to be pending.
describe('RequestsPage while the permission is being checked', () => {
  it('tells an approver nothing about who may decide until it knows', async () => {
    let listed = false;
    server.use(
      http.get(`${apiBase}/requests`, () => {
        listed = true;
        return HttpResponse.json({
          items: [pendingRequest('r1', 'user:default/amy')],
        });
      }),
    );
    let allow = () => {};
    const permission: PermissionApi = {
      authorize: () =>
        new Promise(resolve => {
          allow = () => resolve({ result: AuthorizeResult.ALLOW });
        }),
    };
    renderRequestsPage({ permission });
    await waitFor(() => expect(listed).toBe(true));
    await expect(
      screen.findByText(/only approvers may decide/, {}, { timeout: 300 }),
    ).rejects.toThrow();
    expect(screen.getByRole('progressbar')).toBeInTheDocument();

    await act(async () => allow());
    expect(
      await screen.findByRole('button', { name: 'Approve' }),
    ).toBeInTheDocument();
  });
});
