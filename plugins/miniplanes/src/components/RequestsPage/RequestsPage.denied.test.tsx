import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { diffDecisions } from '@miniplanes/plugin-miniplanes-common';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  MiniplanesClient,
  miniplanesApiRef,
  PlacementRequest,
} from '../../api';
import { storageDecision, storageSpec } from '../../testFixtures';
import { RequestsPage } from './RequestsPage';

const server = setupServer();
registerMswTestHooks(server);

const base = 'http://localhost:7007/api/miniplanes';
const client = new MiniplanesClient({
  discoveryApi: { getBaseUrl: async () => base },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

const request = (
  id: string,
  requestedBy: string,
  extra: Partial<PlacementRequest> = {},
): PlacementRequest => ({
  id,
  entityRef: 'component:default/storage',
  status: 'pending',
  requestedBy,
  reason: `more replicas (${id})`,
  spec: storageSpec,
  decision: storageDecision,
  diff: diffDecisions(undefined, storageDecision),
  checks: [
    {
      name: 'governance',
      passed: true,
      message: 'data stays within its residency',
    },
  ],
  stale: false,
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  ...extra,
});

function render(allowed: boolean) {
  return renderInTestApp(<RequestsPage />, {
    apis: [
      [miniplanesApiRef, client],
      mockApis.identity({ userEntityRef: 'user:default/pat' }),
      mockApis.permission({
        authorize: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }),
    ],
  });
}

// In a file of its own: usePermission caches a permission's decision for the
// test module's lifetime, so allowed and denied users cannot share a file.
describe('RequestsPage for users who are not approvers', () => {
  it('explains why users who are not approvers cannot decide', async () => {
    server.use(
      http.get(`${base}/requests`, () =>
        HttpResponse.json({ items: [request('r1', 'user:default/amy')] }),
      ),
    );
    await render(false);
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
