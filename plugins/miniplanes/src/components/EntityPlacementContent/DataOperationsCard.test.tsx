import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  DataOperationStatus,
  FederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { screen, within } from '@testing-library/react';
import {
  neverSynced,
  serviceView,
  storageDecision,
  storageSpec,
} from '../../__testUtils__/testFixtures';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import { serveService } from '../../__testUtils__/apiHandlers';
import {
  renderPlacementTab,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

const withOperations: FederatedService = {
  ...storageSpec,
  spec: {
    ...storageSpec.spec,
    dataOperations: {
      backups: [
        {
          name: 'nightly',
          schedule: '0 3 * * *',
          retention: '720h',
          storageLocation: 'us-backups',
        },
      ],
      replication: { primary: 'us-pet', resources: ['ledger'] },
    },
  },
};

const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
const threeDaysAgo = new Date(Date.now() - 3 * 86400_000).toISOString();

const reported: Record<string, DataOperationStatus[]> = {
  'us-east': [
    {
      name: 'backup:nightly',
      operator: 'velero',
      lastBackup: {
        name: 'storage-nightly-20261202030000',
        phase: 'Completed',
        time: twoHoursAgo,
        location: 'us-backups',
        jurisdiction: 'US',
      },
      stale: false,
    },
    {
      name: 'replication',
      operator: 'cnpg',
      replication: { role: 'replica', lagSeconds: 3, ready: true },
    },
  ],
  'us-pet': [
    {
      name: 'backup:nightly',
      operator: 'velero',
      lastBackup: {
        name: 'storage-nightly-20261129030000',
        phase: 'Failed',
        time: threeDaysAgo,
        location: 'us-backups',
        jurisdiction: 'US',
      },
      stale: true,
    },
    {
      name: 'replication',
      operator: 'cnpg',
      replication: { role: 'primary', ready: true },
    },
  ],
};

function serve(spec: FederatedService, operations?: typeof reported) {
  const status = neverSynced(['us-east', 'us-pet']);
  serveService(
    server,
    serviceView(spec, {
      decision: storageDecision,
      status: {
        ...status,
        clusters: status.clusters.map(c => ({
          ...c,
          state: 'InSync',
          ...(operations?.[c.cluster]
            ? { operations: operations[c.cluster] }
            : {}),
        })),
      },
    }),
  );
}

function renderTab() {
  return renderPlacementTab('storage', {
    apis: [[signalApiRef, fakeSignals().api]],
  });
}

describe('DataOperationsCard', () => {
  it('shows per data cluster the last backup, where it went, stale ones flagged, and the replication role and lag', async () => {
    serve(withOperations, reported);
    await renderTab();
    const table = within(
      await screen.findByRole('table', { name: 'Data operations' }),
    );
    const row = (cluster: string) =>
      within(table.getByText(cluster).closest('tr')!);

    const usEast = row('us-east');
    expect(usEast.getByText('nightly')).toBeInTheDocument();
    expect(usEast.getByText('2 hours ago')).toBeInTheDocument();
    expect(usEast.getByText('Completed')).toBeInTheDocument();
    expect(usEast.getByText('us-backups (US)')).toBeInTheDocument();
    expect(usEast.getByText('replica · lag 3 s')).toBeInTheDocument();
    expect(usEast.queryByText(/stale/)).not.toBeInTheDocument();

    const usPet = row('us-pet');
    expect(usPet.getByText('3 days ago')).toBeInTheDocument();
    expect(usPet.getByText('Failed')).toBeInTheDocument();
    expect(
      usPet.getByText('stale: no successful backup for longer than allowed'),
    ).toBeInTheDocument();
    expect(usPet.getByText('primary')).toBeInTheDocument();
  });

  it('says what the operators have not reported yet, and flags a cluster never backed up', async () => {
    serve(withOperations, {
      'us-pet': [{ name: 'backup:nightly', operator: 'velero', stale: true }],
    });
    await renderTab();
    const table = within(
      await screen.findByRole('table', { name: 'Data operations' }),
    );
    const usEast = within(table.getByText('us-east').closest('tr')!);
    expect(usEast.getAllByText('not reported yet')).toHaveLength(2);
    const usPet = within(table.getByText('us-pet').closest('tr')!);
    expect(usPet.getByText('stale: never backed up')).toBeInTheDocument();
    expect(usPet.queryByText('no backup yet')).not.toBeInTheDocument();
  });

  it('is not shown for a service without data operations', async () => {
    serve(storageSpec, reported);
    await renderTab();
    expect(
      await screen.findByText('The placement policy is met.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Data operations')).not.toBeInTheDocument();
  });
});
