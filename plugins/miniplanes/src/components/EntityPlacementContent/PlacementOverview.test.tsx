import { screen, within } from '@testing-library/react';
import {
  evaluatePlacement,
  fleetFromFile,
  parseFleetFile,
} from '@miniplanes/plugin-miniplanes-common';
import { renderWithMiniplanes } from '../../__testUtils__/testApp';
import {
  clusterSync,
  pendingRequest,
  serviceView,
  storageSpec,
  withManifestSpec,
} from '../../__testUtils__/testFixtures';
import { requestsRouteRef } from '../../routes';
import { PlacementOverview } from './PlacementOverview';

/** A fleet of storage-capable US clusters, named c000, c001, ... */
function bigFleet(size: number) {
  const file = parseFleetFile({
    clusters: Array.from({ length: size }, (_, i) => ({
      name: `c${String(i).padStart(3, '0')}`,
      labels: { jurisdiction: 'US', region: `us-${i % 4}`, provider: 'aws' },
      capabilities: ['storage'],
      nodes: { count: 3, cpu: '16', memory: '64Gi' },
    })),
  });
  if (!file.ok) throw new Error('the test fleet is invalid');
  return fleetFromFile(file.value);
}

describe('PlacementOverview', () => {
  // The budget is the test's timeout: Backstage's Table (material-table) took
  // 5.5 s for these rows alone in jsdom, the memoized plain table under 2 s.
  it('renders the sync status of 200 clusters quickly', async () => {
    const decision = evaluatePlacement({
      service: storageSpec,
      fleet: bigFleet(200),
    });
    const service = serviceView(storageSpec, {
      decision,
      status: {
        state: 'InSync',
        message: 'in sync',
        lastSyncAt: new Date().toISOString(),
        clusters: decision.clusters.map(c =>
          clusterSync(c.name, { placed: c.selected }),
        ),
      },
    });
    await renderWithMiniplanes(<PlacementOverview service={service} />);
    expect(screen.getAllByText('2/2')).toHaveLength(200);
    const last = screen.getByText('c199', { selector: 'td' }).closest('tr')!;
    expect(within(last).getByText(/^in sync ·/)).toBeInTheDocument();
  }, 8000);

  it('counts clusters and replicas in words: one replica, two clusters', async () => {
    const oneDataReplica = withManifestSpec(storageSpec, 'StatefulSet', {
      replicas: 1,
    });
    const decision = evaluatePlacement({
      service: oneDataReplica,
      fleet: bigFleet(2),
    });
    await renderWithMiniplanes(
      <PlacementOverview service={serviceView(oneDataReplica, { decision })} />,
    );
    expect(
      screen.getByText(
        /^data: 2 clusters, 2 replicas · compute: 2 clusters, 4 replicas/,
      ),
    ).toBeInTheDocument();
    const row = screen.getByText('c000', { selector: 'td' }).closest('tr')!;
    expect(within(row).getByText('yes (1 replica)')).toBeInTheDocument();
  });

  it('shows the Markers column only when a cluster has a marker, and breaks the line of a sync state only between the state and when', async () => {
    const decision = evaluatePlacement({
      service: storageSpec,
      fleet: bigFleet(2),
    });
    const withSync = (drift: number) =>
      serviceView(storageSpec, {
        decision,
        status: {
          state: 'InSync',
          message: 'in sync',
          lastSyncAt: new Date().toISOString(),
          clusters: [
            clusterSync('c000', { driftCount: drift }),
            clusterSync('c001'),
          ],
        },
      });
    const headers = () =>
      screen.getAllByRole('columnheader').map(header => header.textContent);

    const { unmount } = await renderWithMiniplanes(
      <PlacementOverview service={withSync(0)} />,
    );
    expect(headers()).not.toContain('Markers');
    // One place to break the line: between the state and when, never
    // inside either ("in sync ·" / "2 seconds ago").
    const state = screen.getAllByText(/^in sync ·/)[0];
    expect(state.textContent!.split(' ')).toEqual([
      'in\u00a0sync\u00a0·',
      expect.stringMatching(/\u00a0ago$|^now$/),
    ]);
    unmount();

    await renderWithMiniplanes(<PlacementOverview service={withSync(2)} />);
    expect(headers()).toContain('Markers');
    expect(screen.getByText('drift · 2')).toBeInTheDocument();
  });

  it('links each pending request to it on the requests page, and who filed it to their catalog page', async () => {
    const service = serviceView(storageSpec, {
      requests: [pendingRequest('r7', 'user:default/amy')],
    });
    await renderWithMiniplanes(<PlacementOverview service={service} />, {
      mountedRoutes: {
        '/miniplanes/requests': requestsRouteRef,
      },
    });
    expect(
      screen.getByRole('link', { name: 'more replicas (r7)' }),
    ).toHaveAttribute('href', '/miniplanes/requests?request=r7');
    expect(screen.getByRole('link', { name: 'amy' })).toHaveAttribute(
      'href',
      '/catalog/default/user/amy',
    );
    expect(
      screen.getByRole('link', { name: /All requests for this service/ }),
    ).toHaveAttribute(
      'href',
      '/miniplanes/requests?entityRef=component%3Adefault%2Fstorage&status=all',
    );
  });
});
