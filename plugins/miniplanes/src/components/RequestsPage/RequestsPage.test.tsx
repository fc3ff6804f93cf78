import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { diffDecisions } from '@miniplanes/plugin-miniplanes-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
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

describe('RequestsPage', () => {
  it('lets an approver approve with a comment, but not their own request', async () => {
    const decided: unknown[] = [];
    server.use(
      http.get(`${base}/requests`, () =>
        HttpResponse.json({
          items: [
            request('r1', 'user:default/amy'),
            request('r2', 'user:default/pat'),
          ],
        }),
      ),
      http.post(`${base}/requests/r1/approve`, async ({ request: req }) => {
        decided.push(await req.json());
        return HttpResponse.json(
          request('r1', 'user:default/amy', { status: 'approved' }),
        );
      }),
    );
    await render(true);
    expect(await screen.findByText('“more replicas (r1)”')).toBeInTheDocument();
    expect(
      screen.getByText(
        'You cannot decide this request: you filed this request; another approver must decide it.',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/added/).length).toBeGreaterThan(0);
    fireEvent.change(screen.getByLabelText('Comment'), {
      target: { value: 'fine for the season' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(decided).toEqual([{ comment: 'fine for the season' }]),
    );
  });

  it('blocks requests that fail their policy checks, for everyone', async () => {
    server.use(
      http.get(`${base}/requests`, () =>
        HttpResponse.json({
          items: [
            request('r1', 'user:default/amy', {
              checks: [
                {
                  name: 'governance',
                  passed: false,
                  message:
                    'data cannot be placed within its allowed jurisdictions',
                },
              ],
            }),
          ],
        }),
      ),
    );
    await render(true);
    expect(
      await screen.findByText(
        'You cannot decide this request: it fails its policy checks: governance.',
      ),
    ).toBeInTheDocument();
  });
});
