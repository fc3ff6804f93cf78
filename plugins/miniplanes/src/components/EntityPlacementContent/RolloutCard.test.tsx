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

describe('RolloutCard', () => {
  it('shows each stage with its clusters, and lets an approver open the gate', async () => {
    const calls: unknown[] = [];
    server.use(
      http.post(`${ROLLOUT_URL}/approveStage`, async ({ request }) => {
        calls.push(await request.json());
        return HttpResponse.json({ ...waiting.state, phase: 'Progressing' });
      }),
    );
    const onChanged = jest.fn();
    await renderCard(waiting, AuthorizeResult.ALLOW, onChanged);

    expect(
      screen.getByText('Waiting for an approver to open the next stage'),
    ).toBeInTheDocument();
    expect(screen.getByText('us-east · Updated')).toBeInTheDocument();
    expect(screen.getByText('us-pet · Pending')).toBeInTheDocument();
    expect(screen.getByText(/— WaitingApproval · gated/)).toBeInTheDocument();

    // Shown once the permission framework answers.
    fireEvent.click(
      await screen.findByRole('button', { name: 'Open stage rest' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls).toEqual([{ stage: 'rest' }]);
  });

  it('offers resume on a paused rollout and nothing once it is over', async () => {
    const { unmount } = await renderCard(
      {
        ...waiting,
        state: {
          ...waiting.state!,
          phase: 'Paused',
          message: 'stage canary failed: us-east did not become healthy',
        },
      },
      AuthorizeResult.ALLOW,
    );
    expect(
      screen.getByText(
        'Paused: stage canary failed: us-east did not become healthy',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resume' })).toBeInTheDocument();
    unmount();

    await renderCard(
      { ...waiting, state: { ...waiting.state!, phase: 'Completed' } },
      AuthorizeResult.ALLOW,
    );
    expect(screen.getByText('Rolled out everywhere')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
