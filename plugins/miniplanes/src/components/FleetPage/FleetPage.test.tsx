import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
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

  it('shows how each cluster connects: its service access provider, SPIFFE trust domain, Prometheus and operators', async () => {
    server.use(
      http.get(`${apiBase}/clusters`, () =>
        HttpResponse.json({
          items: fleetClusters.map(c =>
            c.name === 'us-east'
              ? {
                  ...c,
                  operators: ['istio', 'spire', 'prometheus'],
                  connections: {
                    serviceAccess: 'istio',
                    istio: {
                      network: 'us-east-network',
                      eastWestGateway: '203.0.113.10',
                    },
                    prometheus: {
                      mode: 'federation',
                      address: 'prometheus.us-east:9090',
                    },
                    spiffe: {
                      trustDomain: 'us-east.miniplanes.example',
                      bundleEndpointURL: 'https://spire.us-east.example:8443',
                      bundleEndpointProfile: 'https_web',
                    },
                  },
                }
              : c,
          ),
        }),
      ),
    );
    await renderInTestApp(<FleetPage />, {
      apis: [[miniplanesApiRef, testClient]],
    });
    const row = (name: string) =>
      within(screen.getByText(name, { selector: 'td' }).closest('tr')!);
    await screen.findByText('3 clusters');

    const meshed = row('us-east');
    expect(meshed.getByText('access: istio')).toBeInTheDocument();
    expect(
      meshed.getByText('SPIFFE: us-east.miniplanes.example'),
    ).toBeInTheDocument();
    expect(meshed.getByText('Prometheus: federation')).toBeInTheDocument();
    expect(meshed.getByText('istio, spire, prometheus')).toBeInTheDocument();

    // Without settings: the gateway default, and nothing else claimed.
    const plain = row('us-pet');
    expect(plain.getByText('access: gateway (default)')).toBeInTheDocument();
    expect(plain.getByText('SPIFFE: none')).toBeInTheDocument();
    expect(plain.getByText('Prometheus: none')).toBeInTheDocument();
  });
});
