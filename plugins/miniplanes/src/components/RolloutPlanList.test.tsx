import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import {
  stagedStorageSpec,
  storageDecision,
  storageSpec,
} from '../__testUtils__/testFixtures';
import { RolloutPlanList } from './RolloutPlanList';

describe('RolloutPlanList', () => {
  it('shows which placed cluster falls in which stage, the gates and the pace', async () => {
    await renderInTestApp(
      <RolloutPlanList spec={stagedStorageSpec} decision={storageDecision} />,
    );
    expect(
      screen.getByText('Rolled out in stages (on failure: roll back)'),
    ).toBeInTheDocument();
    const stages = within(
      screen.getByRole('list', { name: 'Rollout plan' }),
    ).getAllByRole('listitem');
    expect(stages.map(s => s.textContent)).toEqual([
      'canary: us-east',
      'rest (an approver opens it): us-pet',
    ]);
  });

  it('shows nothing for a version that goes everywhere at once', async () => {
    await renderInTestApp(
      <div data-testid="card">
        <RolloutPlanList spec={storageSpec} decision={storageDecision} />
      </div>,
    );
    expect(screen.getByTestId('card')).toBeEmptyDOMElement();
  });
});
