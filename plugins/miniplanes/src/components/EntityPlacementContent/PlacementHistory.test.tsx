import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { HistoryEvent } from '@miniplanes/plugin-miniplanes-common';
import { HISTORY_PAGE, PlacementHistory } from './PlacementHistory';

const event = (id: number, type: string, message: string): HistoryEvent => ({
  id,
  entityRef: 'component:default/storage',
  type,
  message,
  createdAt: new Date(Date.UTC(2026, 10, 20, 10, id)).toISOString(),
});

describe('PlacementHistory', () => {
  const history = [
    ...Array.from({ length: 45 }, (_, i) =>
      event(i + 1, 'sync.drift', `drift restored #${i + 1}`),
    ),
    event(46, 'request.approved', 'request approved: more replicas'),
    event(47, 'spec.changed', 'spec version 2 from request'),
  ];

  it('shows the newest entries first, a page at a time', async () => {
    await renderInTestApp(<PlacementHistory history={history} />);
    const lines = screen.getAllByText(/ — /).map(l => l.textContent);
    expect(lines).toHaveLength(HISTORY_PAGE);
    expect(lines[0]).toMatch(/spec version 2 from request$/);
    expect(lines[1]).toMatch(/request approved: more replicas$/);
    fireEvent.click(
      screen.getByRole('button', { name: /Show older \(27 more\)/ }),
    );
    expect(screen.getAllByText(/ — /)).toHaveLength(2 * HISTORY_PAGE);
  });

  it('filters by kind of entry', async () => {
    await renderInTestApp(<PlacementHistory history={history} />);
    fireEvent.click(screen.getByRole('button', { name: 'Requests' }));
    expect(screen.getAllByText(/ — /).map(l => l.textContent)).toEqual([
      expect.stringMatching(/request approved: more replicas$/),
    ]);
    expect(screen.queryByRole('button', { name: /Show older/ })).toBeNull();
  });
});
