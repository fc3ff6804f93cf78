import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { errorResponse } from '../../__testUtils__/apiHandlers';
import { setupRolloutCard } from '../../__testUtils__/rolloutFixtures';

// In a file of its own: usePermission caches a permission's decision for the
// whole test file, so a denial cannot follow an allowance.
const rolloutCard = setupRolloutCard();

describe('RolloutCard, for someone who may not approve', () => {
  it("shows the server's reason when it refuses, and no gate button to those who may not approve", async () => {
    rolloutCard.answer('abort', () =>
      errorResponse(
        403,
        'NotAllowedError',
        'only approvers and the owners of component:default/storage may abort its rollout',
      ),
    );
    const onChanged = jest.fn();
    await rolloutCard.render({ allow: AuthorizeResult.DENY, onChanged });
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
