import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { DecisionDiffList } from './DecisionDiffList';

describe('DecisionDiffList', () => {
  it('reads replica changes as before → after, and config as received or not', async () => {
    await renderInTestApp(
      <DecisionDiffList
        diff={{
          unchanged: false,
          changes: [
            {
              cluster: 'us-east',
              role: 'compute',
              kind: 'scaled',
              before: 1,
              after: 2,
            },
            {
              cluster: 'us-pet',
              role: 'config',
              kind: 'removed',
              before: 0,
              after: 0,
            },
          ],
          dataMoves: [{ cluster: 'us-pet', kind: 'removed' }],
        }}
      />,
    );
    expect(screen.getByText('us-east: compute 1 → 2')).toBeInTheDocument();
    expect(screen.getByText('us-pet: config removed')).toBeInTheDocument();
    expect(screen.getByText('us-pet stops holding data')).toBeInTheDocument();
  });
});
