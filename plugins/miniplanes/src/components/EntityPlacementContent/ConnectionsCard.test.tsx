import { signalApiRef } from '@backstage/plugin-signals-react';
import { ServiceConnectionsView } from '@miniplanes/plugin-miniplanes-common';
import { screen, within } from '@testing-library/react';
import { serviceView, storageSpec } from '../../__testUtils__/testFixtures';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import { serveService } from '../../__testUtils__/apiHandlers';
import {
  renderPlacementTab,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

const object = (cluster: string, kind: string, name: string) => ({
  cluster,
  apiVersion: 'v1',
  kind,
  namespace: 'miniplanes',
  name,
  state: 'InSync' as const,
});

const connections: ServiceConnectionsView = {
  access: [
    {
      from: 'eu-west',
      to: 'us-east',
      provider: 'gateway',
      hosts: ['mongodb.miniplanes.svc.cluster.local'],
      addresses: ['172.16.0.37'],
      state: 'InSync',
      objects: [object('eu-west', 'EndpointSlice', 'mongodb-miniplanes')],
    },
    {
      from: 'eu-west',
      to: 'us-pet',
      provider: 'gateway',
      hosts: ['mongodb.miniplanes.svc.cluster.local'],
      addresses: [],
      state: 'Progressing',
      message: 'waiting for the LoadBalancer in us-pet to report an address',
      objects: [],
    },
    {
      from: 'ap-gpu',
      to: 'us-east',
      provider: 'istio',
      hosts: ['mongodb.miniplanes.svc.cluster.local'],
      addresses: ['203.0.113.10:15443'],
      state: 'Error',
      message:
        'WorkloadEntry mongodb-us-east in ap-gpu: the kind is not served',
      objects: [],
    },
  ],
  trust: [
    {
      clusters: ['eu-west', 'us-east'],
      trustDomains: ['eu-west.example', 'us-east.example'],
      state: 'Pending',
      message: 'not synced yet: us-east',
      objects: [],
    },
  ],
  observability: {
    monitored: [
      { cluster: 'us-east', state: 'InSync', objects: [] },
      { cluster: 'eu-west', state: 'InSync', objects: [] },
      {
        cluster: 'eu-spot',
        state: 'Pending',
        message: 'not synced yet: eu-spot',
        remoteWrite: {
          url: 'https://prometheus.us-east.example/api/v1/write',
          aggregatesOnly: true,
        },
        objects: [],
      },
    ],
    federation: [
      {
        cluster: 'us-east',
        match: '{namespace="miniplanes",service=~"storage.*"}',
        targets: [{ cluster: 'us-east', jurisdiction: 'US' }],
        aggregatesOnly: false,
        state: 'InSync',
        objects: [],
      },
      {
        cluster: 'us-east',
        match: '{__name__=~"job:.*",namespace="miniplanes"}',
        targets: [{ cluster: 'eu-west', jurisdiction: 'IE' }],
        aggregatesOnly: true,
        state: 'InSync',
        objects: [],
      },
    ],
  },
};

function serve(extra: { connections?: ServiceConnectionsView }) {
  serveService(server, serviceView(storageSpec, extra));
}

function renderTab() {
  return renderPlacementTab('storage', {
    apis: [[signalApiRef, fakeSignals().api]],
  });
}

describe('ConnectionsCard', () => {
  it('shows per compute and data cluster the provider, address and state, then trust and observability', async () => {
    serve({ connections });
    await renderTab();
    const table = within(
      await screen.findByRole('table', { name: 'Service access' }),
    );
    const row = (text: string) => within(table.getByText(text).closest('tr')!);

    const gateway = row('172.16.0.37');
    expect(gateway.getByText('eu-west')).toBeInTheDocument();
    expect(gateway.getByText('us-east')).toBeInTheDocument();
    expect(gateway.getByText('gateway (LoadBalancer)')).toBeInTheDocument();
    expect(gateway.getByText('in sync')).toBeInTheDocument();

    const waiting = row(
      'waiting for the LoadBalancer in us-pet to report an address',
    );
    expect(waiting.getByText('progressing')).toBeInTheDocument();
    expect(waiting.getByText('—')).toBeInTheDocument();

    const mesh = row('203.0.113.10:15443');
    expect(mesh.getByText('Istio mesh')).toBeInTheDocument();
    expect(mesh.getByText('error')).toBeInTheDocument();
    expect(
      mesh.getByText(
        'WorkloadEntry mongodb-us-east in ap-gpu: the kind is not served',
      ),
    ).toBeInTheDocument();

    expect(
      screen.getByText(/eu-west ↔ us-east \(eu-west.example ↔ us-east.example/),
    ).toBeInTheDocument();
    expect(screen.getByText('not synced yet: us-east')).toBeInTheDocument();
    expect(
      screen.getByText(
        'ServiceMonitor in us-east (in sync), eu-west (in sync), eu-spot (pending)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /eu-spot pushes aggregates only to https:\/\/prometheus.us-east.example\/api\/v1\/write \(PrometheusAgent\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Global Prometheus in us-east federates aggregates only from eu-west/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Global Prometheus in us-east federates the service's series from us-east/,
      ),
    ).toBeInTheDocument();
  });

  it('is not shown for a service with nothing to connect', async () => {
    serve({});
    await renderTab();
    expect(
      await screen.findByText('The placement policy is met.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Connections')).not.toBeInTheDocument();
  });
});
