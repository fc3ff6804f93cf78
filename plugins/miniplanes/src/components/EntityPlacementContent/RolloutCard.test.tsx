import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  renderRolloutCard,
  rolloutUrl,
  waitingRollout,
} from '../../__testUtils__/rolloutFixtures';
import { setupMiniplanesServer } from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

describe('RolloutCard', () => {
  it('shows each stage with its clusters, and lets an approver open the gate', async () => {
    const calls: unknown[] = [];
    server.use(
      http.post(`${rolloutUrl}/approveStage`, async ({ request }) => {
        calls.push(await request.json());
        return HttpResponse.json({
          ...waitingRollout.state,
          phase: 'Progressing',
        });
      }),
    );
    const onChanged = jest.fn();
    await renderRolloutCard(waitingRollout, AuthorizeResult.ALLOW, onChanged);

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
    const { unmount } = await renderRolloutCard(
      {
        ...waitingRollout,
        state: {
          ...waitingRollout.state!,
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

    await renderRolloutCard(
      {
        ...waitingRollout,
        state: { ...waitingRollout.state!, phase: 'Completed' },
      },
      AuthorizeResult.ALLOW,
    );
    expect(screen.getByText('Rolled out everywhere')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
