import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { setupRolloutCard } from '../../__testUtils__/rolloutFixtures';

const rolloutCard = setupRolloutCard();

describe('RolloutCard', () => {
  it('shows each stage with its clusters, and lets an approver open the gate', async () => {
    const posted = rolloutCard.answer('approveStage', () =>
      HttpResponse.json(rolloutCard.state({ phase: 'Progressing' })),
    );
    const onChanged = jest.fn();
    await rolloutCard.render({ allow: AuthorizeResult.ALLOW, onChanged });

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
    expect(posted).toEqual([{ stage: 'rest' }]);
  });

  it('names who opened a gate, linked to their catalog page', async () => {
    await rolloutCard.render({
      allow: AuthorizeResult.ALLOW,
      state: {
        phase: 'Progressing',
        stages: [
          { name: 'canary', state: 'Completed' },
          {
            name: 'rest',
            state: 'Progressing',
            approvedBy: 'user:default/pat',
          },
        ],
      },
    });
    expect(screen.getByText(/gate opened by/)).toHaveTextContent(
      '— Progressing · gate opened by pat',
    );
    expect(screen.getByRole('link', { name: 'pat' })).toHaveAttribute(
      'href',
      '/catalog/default/user/pat',
    );
  });

  it('offers resume on a paused rollout and nothing once it is over', async () => {
    const { unmount } = await rolloutCard.render({
      allow: AuthorizeResult.ALLOW,
      state: {
        phase: 'Paused',
        message: 'stage canary failed: us-east did not become healthy',
      },
    });
    expect(
      screen.getByText(
        'Paused: stage canary failed: us-east did not become healthy',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resume' })).toBeInTheDocument();
    unmount();

    await rolloutCard.render({
      allow: AuthorizeResult.ALLOW,
      state: { phase: 'Completed' },
    });
    expect(screen.getByText('Rolled out everywhere')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
