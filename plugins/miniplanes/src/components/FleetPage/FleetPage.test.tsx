import { screen, within } from '@testing-library/react';
import { FleetCluster } from '../../api';
import { fleetClusters } from '../../__testUtils__/testFixtures';
import { serveGovernance, serveList } from '../../__testUtils__/apiHandlers';
import {
  renderWithMiniplanes,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';
import { linkTargets } from '../../__testUtils__/links';
import { FleetPage } from './FleetPage';

const server = setupMiniplanesServer();

describe('FleetPage', () => {
  beforeEach(() => {
    serveList(server, 'sovereignty-changes', []);
    serveGovernance(server, {
      items: [],
      jurisdictions: {},
      storageLocations: [],
    });
  });

  it("shows the fleet's data rules: each classification's jurisdictions (a group spelled out), the groups and the backup locations", async () => {
    serveList(server, 'clusters', fleetClusters);
    serveGovernance(server, {
      items: [
        {
          classification: 'airline-data',
          allowedJurisdictions: ['US'],
          description: "American airlines' data stays in US clusters.",
        },
        { classification: 'passenger-data', allowedJurisdictions: ['EU'] },
      ],
      jurisdictions: { EU: ['DE', 'IE'] },
      storageLocations: [
        {
          name: 'us-backups',
          provider: 'aws',
          bucket: 'airline-backups-us',
          region: 'us-east-1',
          jurisdiction: 'US',
        },
      ],
    });
    await renderWithMiniplanes(<FleetPage />);
    const policies = await screen.findByRole('list', {
      name: 'Governance policies',
    });
    expect(
      within(policies)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      "airline-data data only in US: American airlines' data stays in US clusters.",
      'passenger-data data only in EU (DE, IE)',
    ]);
    expect(
      screen.getByRole('list', { name: 'Jurisdiction groups' }),
    ).toHaveTextContent('EU: DE, IE');
    expect(
      screen.getByRole('list', { name: 'Backup locations' }),
    ).toHaveTextContent(
      'us-backups in US: aws bucket airline-backups-us (us-east-1)',
    );
  });

  it('spells a group of groups out as the countries it stands for', async () => {
    serveList(server, 'clusters', fleetClusters);
    serveGovernance(server, {
      items: [
        { classification: 'finance-data', allowedJurisdictions: ['EEA'] },
      ],
      jurisdictions: { EU: ['IE', 'DE'], EEA: ['EU', 'NO'] },
      storageLocations: [],
    });
    await renderWithMiniplanes(<FleetPage />);
    expect(
      await screen.findByRole('list', { name: 'Governance policies' }),
    ).toHaveTextContent('finance-data data only in EEA (DE, IE, NO)');
  });

  it('says when the fleet has no data rule', async () => {
    serveList(server, 'clusters', fleetClusters);
    await renderWithMiniplanes(<FleetPage />);
    expect(
      await screen.findByText(
        "None: data may live wherever its service's residency allows.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'None: the fleet names no storage location, so no backup can be placed.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Jurisdiction groups' }),
    ).not.toBeInTheDocument();
  });

  it("shows where each cluster's jurisdiction comes from, one a catalog entity offered and the fleet ignored, and every recorded change", async () => {
    serveList(
      server,
      'clusters',
      fleetClusters.map(
        (c): FleetCluster =>
          c.name === 'eu-west'
            ? {
                ...c,
                labelSources: { jurisdiction: 'fleet file' },
                ignoredLabels: [
                  {
                    label: 'jurisdiction',
                    value: 'US',
                    reason:
                      'the catalog entity comes from url:https://git.example.com/x.yaml, which miniplanes.catalog.trustedLocations does not list',
                  },
                ],
              }
            : { ...c, labelSources: { jurisdiction: 'config' } },
      ),
    );
    serveList(server, 'sovereignty-changes', [
      {
        at: '2026-12-03T08:01:00.000Z',
        cluster: 'us-pet',
        label: 'jurisdiction',
        from: 'CA',
        to: 'US',
        source: 'config',
      },
      {
        at: '2026-12-03T08:00:00.000Z',
        cluster: 'eu-west',
        label: 'jurisdiction',
        to: 'IE',
        source: 'fleet file',
      },
    ]);
    await renderWithMiniplanes(<FleetPage />);
    expect(await screen.findByText('3 clusters')).toBeInTheDocument();
    expect(screen.getByText('from fleet file')).toBeInTheDocument();
    expect(screen.getAllByText('from config')).toHaveLength(2);
    const ignored = screen.getByText('ignored US: untrusted source');
    expect(ignored).toHaveAttribute(
      'title',
      expect.stringContaining('miniplanes.catalog.trustedLocations'),
    );

    expect(await screen.findByText('Jurisdiction changes')).toBeInTheDocument();
    // In the reader's locale; the exact instant is its title.
    const when = screen.getByTitle('2026-12-03T08:01:00.000Z');
    expect(when).toHaveTextContent(
      new Date('2026-12-03T08:01:00.000Z').toLocaleString(),
    );
    const changed = when.closest('tr')!;
    expect(within(changed).getByText('CA')).toBeInTheDocument();
    expect(within(changed).getByText('config')).toBeInTheDocument();
    const first = screen.getByTitle('2026-12-03T08:00:00.000Z').closest('tr')!;
    expect(within(first).getByText('(none: first seen)')).toBeInTheDocument();
  });

  it('lists every cluster with its profile, capacity, health and services', async () => {
    serveList(
      server,
      'clusters',
      fleetClusters.map((c): FleetCluster => {
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
    );
    await renderWithMiniplanes(<FleetPage />);
    expect(await screen.findByText('3 clusters')).toBeInTheDocument();
    const clusters = within(screen.getByRole('region', { name: 'Clusters' }));
    expect(clusters.getByText('us-pet')).toBeInTheDocument();
    expect(clusters.getByText('96 cores, 768 GiB')).toBeInTheDocument();
    expect(
      screen.getByText(
        `unhealthy since ${new Date(
          '2026-11-23T10:00:00Z',
        ).toLocaleString()}: connection refused`,
      ),
    ).toBeInTheDocument();
    // Health comes right after the cluster's name, before its profile.
    expect(
      screen
        .getAllByRole('columnheader')
        .slice(0, 3)
        .map(header => header.textContent),
    ).toEqual(['Cluster', 'Health', 'Where']);
    // Each service placed links to its Placement tab.
    expect(linkTargets('storage')).toEqual([
      '/catalog/default/component/storage/placement',
      '/catalog/default/component/storage/placement',
    ]);
    // Unknown is not healthy, and says so.
    expect(
      screen.getByText('unknown: miniplanes has no connection to it'),
    ).toBeInTheDocument();
  });

  it('shows how each cluster connects: its service access provider, SPIFFE trust domain, Prometheus and operators', async () => {
    serveList(
      server,
      'clusters',
      fleetClusters.map(
        (c): FleetCluster =>
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
    );
    await renderWithMiniplanes(<FleetPage />);
    await screen.findByText('3 clusters');
    // Their own table, under the clusters': cells read by their column.
    const table = screen.getByRole('region', { name: 'Connections' });
    const titles = within(table)
      .getAllByRole('columnheader')
      .map(header => header.textContent);
    const row = (name: string) => {
      const cells = within(
        within(table).getByText(name, { selector: 'td' }).closest('tr')!,
      )
        .getAllByRole('cell')
        .map(cell => cell.textContent);
      return Object.fromEntries(titles.map((title, i) => [title, cells[i]]));
    };

    expect(row('us-east')).toEqual({
      Cluster: 'us-east',
      'Service access': 'istio',
      'SPIFFE trust domain': 'us-east.miniplanes.example',
      Prometheus: 'federation',
      Operators: 'istio, spire, prometheus',
    });
    // Without settings: the gateway default, and nothing else claimed.
    expect(row('us-pet')).toEqual({
      Cluster: 'us-pet',
      'Service access': 'gateway (default)',
      'SPIFFE trust domain': 'none',
      Prometheus: 'none',
      Operators: 'none',
    });
  });
});
