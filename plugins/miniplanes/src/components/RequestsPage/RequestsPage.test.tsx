import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { miniplanesApiRef } from '../../api';
import { apiBase, pendingRequest, testClient } from '../../testFixtures';
import { RequestsPage } from './RequestsPage';

const server = setupServer();
registerMswTestHooks(server);

function render(allowed: boolean) {
  return renderInTestApp(<RequestsPage />, {
    apis: [
      [miniplanesApiRef, testClient],
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
      http.get(`${apiBase}/requests`, () =>
        HttpResponse.json({
          items: [
            pendingRequest('r1', 'user:default/amy'),
            pendingRequest('r2', 'user:default/pat'),
          ],
        }),
      ),
      http.post(`${apiBase}/requests/r1/approve`, async ({ request: req }) => {
        decided.push(await req.json());
        return HttpResponse.json(
          pendingRequest('r1', 'user:default/amy', { status: 'approved' }),
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
      http.get(`${apiBase}/requests`, () =>
        HttpResponse.json({
          items: [
            pendingRequest('r1', 'user:default/amy', {
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
