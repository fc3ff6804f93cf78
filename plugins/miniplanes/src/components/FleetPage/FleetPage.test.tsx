import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { miniplanesApiRef } from '../../api';
import {
  apiBase,
  fleetClusters,
  testClient,
} from '../../__testUtils__/testFixtures';
import { FleetPage } from './FleetPage';

const server = setupServer();
registerMswTestHooks(server);

describe('FleetPage', () => {
  it('lists every cluster with its profile, capacity, health and services', async () => {
    server.use(
      http.get(`${apiBase}/clusters`, () =>
        HttpResponse.json({
          items: fleetClusters.map(c => {
            if (c.name === 'us-east')
              return {
                ...c,
                health: {
                  healthy: false,
                  status: 'Unhealthy',
                  since: '2026-11-23T10:00:00Z',
                  message: 'connection refused',
                },
              };
            if (!c.connected)
              return {
                ...c,
                health: {
                  healthy: false,
                  status: 'Unknown',
                  message: 'miniplanes has no connection to it',
                },
              };
            return c;
          }),
        }),
      ),
    );
    await renderInTestApp(<FleetPage />, {
      apis: [[miniplanesApiRef, testClient]],
    });
    expect(await screen.findByText('3 clusters')).toBeInTheDocument();
    expect(screen.getByText('us-pet')).toBeInTheDocument();
    expect(screen.getByText('96 cores, 768 GiB')).toBeInTheDocument();
    expect(
      screen.getByText(
        /unhealthy since 2026-11-23T10:00:00Z: connection refused/,
      ),
    ).toBeInTheDocument();
    // Unknown is not healthy, and says so.
    expect(
      screen.getByText('unknown: miniplanes has no connection to it'),
    ).toBeInTheDocument();
  });
});
