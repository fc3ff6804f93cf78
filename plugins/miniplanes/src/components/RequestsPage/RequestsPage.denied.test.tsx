import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { apiBase, pendingRequest } from '../../__testUtils__/testFixtures';
import {
  renderWithMiniplanes,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';
import { RequestsPage } from './RequestsPage';

const server = setupMiniplanesServer();

// In a file of its own: usePermission caches a permission's decision for the
// test module's lifetime, so allowed and denied users cannot share a file.
describe('RequestsPage for users who are not approvers', () => {
  it('explains why they cannot decide, and offers no buttons', async () => {
    server.use(
      http.get(`${apiBase}/requests`, () =>
        HttpResponse.json({
          items: [pendingRequest('r1', 'user:default/amy')],
        }),
      ),
    );
    // Not awaited: findByText below waits for what resolves after the render.
    renderWithMiniplanes(<RequestsPage />, {
      apis: [
        mockApis.identity({ userEntityRef: 'user:default/pat' }),
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      ],
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
