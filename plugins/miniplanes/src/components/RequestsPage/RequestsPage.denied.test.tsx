import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { pendingRequest } from '../../__testUtils__/testFixtures';
import { serveList } from '../../__testUtils__/apiHandlers';
import { renderRequestsPage } from '../../__testUtils__/requestsPage';
import { setupMiniplanesServer } from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

// In a file of its own: usePermission caches a permission's decision for the
// test module's lifetime, so allowed and denied users cannot share a file.
describe('RequestsPage for users who are not approvers', () => {
  it('explains why they cannot decide, and offers no buttons', async () => {
    serveList(server, 'requests', [pendingRequest('r1', 'user:default/amy')]);
    renderRequestsPage({
      permission: mockApis.permission({ authorize: AuthorizeResult.DENY }),
    });
    expect(
      await screen.findByText(
        'You cannot decide this request: only approvers may decide placement requests.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });
});
