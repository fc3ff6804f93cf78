import { fireEvent, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { HistoryEvent } from '@miniplanes/plugin-miniplanes-common';
import { apiBase } from '../../__testUtils__/testFixtures';
import {
  renderWithMiniplanes,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';
import { HISTORY_PAGE, PlacementHistory } from './PlacementHistory';

const server = setupMiniplanesServer();
const STORAGE = 'component:default/storage';

const event = (id: number, type: string, message: string): HistoryEvent => ({
  id,
  entityRef: STORAGE,
  type,
  message,
  createdAt: new Date(Date.UTC(2026, 10, 20, 10, id)).toISOString(),
});
const drifts = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) =>
    event(from + i, 'sync.drift', `drift restored #${from + i}`),
  );
const lines = () => screen.getAllByText(/ — /).map(l => l.textContent);

describe('PlacementHistory', () => {
  const history = [
    ...drifts(1, 45),
    event(46, 'request.approved', 'request approved: more replicas'),
    event(47, 'spec.changed', 'spec version 2 from request'),
  ];

  it('shows the newest entries first, a page at a time', async () => {
    await renderWithMiniplanes(
      <PlacementHistory entityRef={STORAGE} history={history} />,
    );
    expect(lines()).toHaveLength(HISTORY_PAGE);
    expect(lines()[0]).toMatch(/spec version 2 from request$/);
    expect(lines()[1]).toMatch(/request approved: more replicas$/);
    fireEvent.click(
      screen.getByRole('button', { name: /Show older \(27 more\)/ }),
    );
    expect(screen.getAllByText(/ — /)).toHaveLength(2 * HISTORY_PAGE);
  });

  it('filters by kind of entry', async () => {
    await renderWithMiniplanes(
      <PlacementHistory entityRef={STORAGE} history={history} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Requests' }));
    expect(lines()).toEqual([
      expect.stringMatching(/request approved: more replicas$/),
    ]);
    expect(screen.queryByRole('button', { name: /Show older/ })).toBeNull();
  });

  it('reads older entries from the API once those it came with are shown', async () => {
    const asked: string[] = [];
    server.use(
      http.get(
        `${apiBase}/services/default/component/storage/history`,
        ({ request }) => {
          asked.push(new URL(request.url).search);
          return HttpResponse.json({
            items: [
              event(3, 'request.filed', 'request filed'),
              ...drifts(4, 10),
            ],
            more: false,
          });
        },
      ),
    );
    await renderWithMiniplanes(
      <PlacementHistory
        entityRef={STORAGE}
        history={drifts(11, 20)}
        olderHistory
      />,
    );
    expect(lines()).toHaveLength(10);

    fireEvent.click(screen.getByRole('button', { name: 'Show older' }));

    expect(await screen.findByText(/request filed$/)).toBeInTheDocument();
    expect(lines()).toHaveLength(18);
    expect(lines()[0]).toMatch(/drift restored #20$/);
    expect(asked).toEqual(['?before=11&limit=200']);
    // The API said nothing older remains.
    expect(screen.queryByRole('button', { name: /Show older/ })).toBeNull();
  });
});
