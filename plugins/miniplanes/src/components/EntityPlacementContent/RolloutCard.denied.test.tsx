import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RolloutView } from '@miniplanes/plugin-miniplanes-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { miniplanesApiRef } from '../../api';
import { apiBase, testClient } from '../../__testUtils__/testFixtures';
import { RolloutCard } from './RolloutCard';

// In a file of its own: usePermission caches a permission's decision for the
// whole test file, so a denial cannot follow an allowance.
const server = setupServer();
registerMswTestHooks(server);

const ROLLOUT_URL = `${apiBase}/services/default/component/storage/rollout`;

const waiting: RolloutView = {
  plan: {
    stages: [
      {
        name: 'canary',
        clusters: ['us-east'],
        maxConcurrency: 1,
        minHealthyTimeMs: 0,
        approval: false,
      },
      {
        name: 'rest',
        clusters: ['us-pet'],
        maxConcurrency: 1,
        minHealthyTimeMs: 0,
        approval: true,
      },
    ],
    progressDeadlineMs: 600_000,
    onFailure: 'Rollback',
  },
  state: {
    specVersion: 3,
    phase: 'WaitingApproval',
    stages: [
      { name: 'canary', state: 'Completed' },
      { name: 'rest', state: 'WaitingApproval' },
    ],
    clusters: {
      'us-east': {
        stage: 'canary',
        state: 'Updated',
        since: '2026-12-02T10:00:00Z',
      },
      'us-pet': {
        stage: 'rest',
        state: 'Pending',
        since: '2026-12-02T10:00:00Z',
      },
    },
  },
};

function renderCard(
  rollout: RolloutView,
  allow: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  onChanged = jest.fn(),
) {
  return renderInTestApp(
    <RolloutCard
      entityRef="component:default/storage"
      rollout={rollout}
      onChanged={onChanged}
    />,
    {
      apis: [
        [miniplanesApiRef, testClient],
        [permissionApiRef, mockApis.permission({ authorize: allow })],
      ],
    },
  );
}

describe('RolloutCard, for someone who may not approve', () => {
  it("shows the server's reason when it refuses, and no gate button to those who may not approve", async () => {
    server.use(
      http.post(`${ROLLOUT_URL}/abort`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'only approvers and the owners of component:default/storage may abort its rollout',
            },
          },
          { status: 403 },
        ),
      ),
    );
    const onChanged = jest.fn();
    await renderCard(waiting, AuthorizeResult.DENY, onChanged);
    await waitFor(() =>
      expect(
        screen.getByText(/An approver other than the version's requester/),
      ).toBeInTheDocument(),
    );

    expect(
      screen.queryByRole('button', { name: 'Open stage rest' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/An approver other than the version's requester/),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Abort and roll back' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'only approvers and the owners of component:default/storage may abort its rollout',
    );
    expect(onChanged).not.toHaveBeenCalled();
  });
});
