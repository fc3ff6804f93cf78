import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { ServiceSyncStatus } from '../../api';
import {
  clusterSync,
  neverSynced,
  serviceView,
  storageSpec,
} from '../../__testUtils__/testFixtures';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import {
  errorResponse,
  serveService,
  serviceUrl,
} from '../../__testUtils__/apiHandlers';
import {
  renderPlacementTab,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

function serveStatus(status: ServiceSyncStatus) {
  serveService(server, serviceView(storageSpec, { status }));
}

/** Answers GET of the storage service with the backend's error. */
function serveServiceError(status: number, name: string, message: string) {
  server.use(
    http.get(serviceUrl('storage'), () => errorResponse(status, name, message)),
  );
}

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

/** The table row of a cluster, by its name cell. */
function row(cluster: string) {
  return within(screen.getByRole('cell', { name: cluster }).closest('tr')!);
}

function renderTab(signals: SignalApi = fakeSignals().api) {
  return renderPlacementTab('storage', { apis: [[signalApiRef, signals]] });
}

describe('EntityPlacementContent', () => {
  it('shows where data and replicas live, by jurisdiction, and why other clusters were not chosen', async () => {
    serveService(
      server,
      serviceView(storageSpec, {
        specVersion: 2,
        history: [
          {
            id: 1,
            entityRef: 'component:default/storage',
            type: 'spec.changed',
            message: 'spec version 2 from request',
            actor: 'user:default/pat',
            createdAt: '2026-11-23T10:00:00Z',
          },
        ],
      }),
    );
    await renderTab();
    expect(await screen.findByText('Jurisdiction US')).toBeInTheDocument();
    expect(
      screen.getByText('The placement policy is met.'),
    ).toBeInTheDocument();
    // Regions head the jurisdiction card and fill the table's region column.
    expect(screen.getAllByText('us-east-1')).toHaveLength(2);
    expect(screen.getAllByText('us-west-2')).toHaveLength(2);
    expect(screen.getAllByText('data · 3')).toHaveLength(2);
    // Not chosen: each cause once, with the clusters it kept out.
    const notChosen = within(
      screen
        .getByText('Not chosen (1)')
        .closest('.MuiCard-root') as HTMLElement,
    );
    expect(
      notChosen.getByText('Residency').closest('.MuiTypography-root'),
    ).toHaveTextContent('Residency1 cluster: eu-west');
    expect(notChosen.getByText('Capability')).toBeInTheDocument();
    expect(
      notChosen.queryByText('jurisdiction IE not in residency [US]'),
    ).not.toBeInTheDocument();
    expect(
      screen.getAllByText('jurisdiction IE not in residency [US]').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText('missing capability storage').length,
    ).toBeGreaterThan(0);
    // Who acted links to their catalog page.
    expect(screen.getByText(/spec version 2 from request/)).toHaveTextContent(
      'spec version 2 from request (pat)',
    );
    expect(screen.getByRole('link', { name: 'pat' })).toHaveAttribute(
      'href',
      '/catalog/default/user/pat',
    );
  });

  it('tells how to link an entity that has no federated service', async () => {
    serveServiceError(404, 'NotFoundError', 'no federated service');
    await renderTab();
    expect(
      await screen.findByText('Not a federated service yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/metadata.entityRef is component:default\/storage/),
    ).toBeInTheDocument();
  });

  it('shows the server error when the backend fails', async () => {
    serveServiceError(500, 'Error', 'database is down');
    await renderTab();
    expect(await screen.findByText(/database is down/)).toBeInTheDocument();
  });

  it('reloads when the backend signals that the service changed', async () => {
    serveStatus({
      state: 'Progressing',
      message: 'rolling out to us-east',
      clusters: [clusterSync('us-east', { readyReplicas: 0 })],
    });
    const signals = fakeSignals();
    await renderTab(signals.api);
    expect(await screen.findByText('0/2')).toBeInTheDocument();
    expect(signals.channels()).toEqual([
      'miniplanes:service:component:default/storage',
    ]);

    serveStatus({
      state: 'InSync',
      message: 'in sync in 1 cluster',
      clusters: [clusterSync('us-east')],
    });
    await signals.send('miniplanes:service:component:default/storage', {
      entityRef: 'component:default/storage',
    });
    expect(await screen.findByText('2/2')).toBeInTheDocument();
    expect(screen.queryByText('0/2')).not.toBeInTheDocument();
  });

  it('shows an in-sync service with its ready replicas and last sync per cluster', async () => {
    serveStatus({
      state: 'InSync',
      message: 'in sync in 2 clusters',
      lastSyncAt: minutesAgo(5),
      clusters: [
        clusterSync('us-east', { lastSyncAt: minutesAgo(5) }),
        clusterSync('us-pet', {
          desiredReplicas: 3,
          readyReplicas: 3,
          lastSyncAt: minutesAgo(7),
        }),
      ],
    });
    await renderTab();
    expect(await screen.findByText('InSync')).toBeInTheDocument();
    expect(screen.getByText('in sync in 2 clusters')).toBeInTheDocument();
    expect(
      screen.getByText(/runs the current spec with its replicas ready/),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Last synced 5 minutes ago/)).toBeInTheDocument();
    expect(row('us-east').getByText('2/2')).toBeInTheDocument();
    expect(
      row('us-east').getByText('in sync · 5 minutes ago'),
    ).toBeInTheDocument();
    expect(row('us-pet').getByText('3/3')).toBeInTheDocument();
    expect(
      row('us-pet').getByText('in sync · 7 minutes ago'),
    ).toBeInTheDocument();
    // Nothing of the service was ever in eu-west.
    expect(row('eu-west').getAllByText('—')).toHaveLength(2);
    expect(screen.queryByText(/^drift/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^data retained/)).not.toBeInTheDocument();
  });

  it('marks drift and data retained on a cluster the service left', async () => {
    serveStatus({
      state: 'Drifted',
      message: 'drift restored in us-east',
      lastSyncAt: minutesAgo(1),
      clusters: [
        clusterSync('eu-west', {
          placed: false,
          desiredReplicas: undefined,
          readyReplicas: undefined,
          retained: [
            {
              apiVersion: 'apps/v1',
              kind: 'StatefulSet',
              namespace: 'storage',
              name: 'mongodb',
            },
          ],
        }),
        clusterSync('us-east', {
          state: 'Drifted',
          driftCount: 2,
          readyReplicas: 1,
          lastSyncAt: minutesAgo(1),
        }),
        clusterSync('us-pet'),
      ],
    });
    await renderTab();
    expect(await screen.findByText('Drifted')).toBeInTheDocument();
    expect(
      screen.getByText(
        /A member cluster was changed outside miniplanes; the next sync restores it/,
      ),
    ).toBeInTheDocument();
    expect(row('us-east').getByText('1/2')).toBeInTheDocument();
    expect(
      row('us-east').getByText('drift restored · 1 minute ago'),
    ).toBeInTheDocument();
    expect(row('us-east').getByText('drift · 2')).toBeInTheDocument();
    expect(row('eu-west').getByText('data retained · 1')).toBeInTheDocument();
    expect(
      row('eu-west').getByTitle(
        /no longer placed here; only an approved request releasing this cluster \(spec.data.release\) deletes it: StatefulSet storage\/mongodb/,
      ),
    ).toBeInTheDocument();
    expect(row('us-pet').queryByText(/^drift ·/)).not.toBeInTheDocument();
  });

  it('shows why the sync fails, overall and in the failing cluster', async () => {
    serveStatus({
      state: 'Error',
      message: 'sync failed in us-east (connection refused), us-pet',
      lastSyncAt: minutesAgo(2),
      clusters: [
        clusterSync('us-east', {
          state: 'Error',
          lastError: 'connection refused',
          lastSyncAt: minutesAgo(2),
        }),
        clusterSync('us-pet', { state: 'BackingOff' }),
      ],
    });
    await renderTab();
    expect(await screen.findByText('Error')).toBeInTheDocument();
    expect(
      screen.getByText('sync failed in us-east (connection refused), us-pet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Nothing placed could be synced/),
    ).toBeInTheDocument();
    expect(
      row('us-east').getByText('error · 2 minutes ago'),
    ).toBeInTheDocument();
    expect(row('us-east').getByText('connection refused')).toBeInTheDocument();
    expect(row('us-pet').getByText(/^backing off/)).toBeInTheDocument();
  });

  it('says when a service was never synced', async () => {
    serveStatus(neverSynced(['us-east', 'us-pet']));
    await renderTab();
    expect(await screen.findByText(/^Never synced yet/)).toBeInTheDocument();
    expect(screen.getByText('Progressing')).toBeInTheDocument();
    expect(
      row('us-east').getByText('pending · never synced'),
    ).toBeInTheDocument();
    expect(row('us-east').getByText('—')).toBeInTheDocument();
  });
});
