import { parseFederatedService } from '@miniplanes/plugin-miniplanes-common';
import { exampleService, SyncHarness } from '../__testUtils__/syncHarness';
import { writesFromNow } from '../__testUtils__/sync/clusterWrites';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { readLive } from '../__testUtils__/sync/liveObjects';
import {
  deploymentManifest,
  serviceManifest,
  statefulSetManifest,
} from '../__testUtils__/sync/workloadManifests';
import { connectionsView } from '../router/connectionsView';
import { serviceStatus } from '../router/serviceStatus';

jest.setTimeout(90_000);

const BOOKINGS = 'component:default/bookings';

const spiffe = (name: string) => `
      spiffe:
        trustDomain: ${name}.miniplanes.example
        bundleEndpointURL: https://spire.${name}.example:8443
        bundleEndpointProfile: https_spiffe
        endpointSPIFFEID: spiffe://${name}.miniplanes.example/spire/server`;

/** The EU holds the data; the US reaches it through Istio, Japan through the gateway default. */
const fleetText = `
jurisdictions: { EU: [FR, DE, IE, NL] }
observability: { globalPrometheus: { cluster: eu-west } }
clusters:
  - name: eu-west
    labels: { jurisdiction: IE, region: eu-west-1, zone: eu-west-1a }
    nodes: { count: 2, cpu: '16', memory: 64Gi }
    operators: [istio, prometheus, spire]
    connections:
      istio: { network: net-eu-west, eastWestGateway: 198.51.100.10 }
      prometheus: { mode: federation, address: 'prometheus.eu-west.example:9090' }${spiffe(
        'eu-west',
      )}
  - name: us-east
    labels: { jurisdiction: US, region: us-east-1, zone: us-east-1a }
    nodes: { count: 2, cpu: '16', memory: 64Gi }
    operators: [istio, prometheus, spire]
    connections:
      serviceAccess: istio
      istio: { network: net-us-east, eastWestGateway: 203.0.113.10 }${spiffe(
        'us-east',
      )}
  - name: ap-gpu
    labels: { jurisdiction: JP, region: asia-northeast1 }
    nodes: { count: 2, cpu: '16', memory: 64Gi }
    operators: [prometheus, spire]
    connections:${spiffe('ap-gpu')}
`;

function bookings() {
  const parsed = parseFederatedService({
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: {
      name: 'bookings',
      entityRef: BOOKINGS,
      namespace: 'airline',
    },
    spec: {
      data: { classification: 'bookings', residency: ['EU'] },
      placement: {
        computeOutsideResidency: true,
        replicas: { total: 1, mode: 'Duplicated' },
      },
      resources: [
        {
          role: 'data',
          manifest: statefulSetManifest({
            name: 'bookings-db',
            image: 'postgres:16',
            container: 'db',
          }),
        },
        {
          role: 'data',
          manifest: serviceManifest('bookings-db', [
            { name: 'db', port: 5432 },
            { name: 'metrics', port: 9187 },
          ]),
        },
        {
          role: 'compute',
          manifest: deploymentManifest({
            name: 'bookings-api',
            image: 'bookings:1',
            container: 'api',
          }),
        },
      ],
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const read = (
  h: SyncHarness,
  cluster: string,
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
) => readLive(h, cluster, { apiVersion, kind, name, namespace });

/** The bookings connections as GET /services/…/connections serves them. */
async function servedConnections(h: SyncHarness) {
  const service = (await h.store.getService(BOOKINGS))!;
  return connectionsView({
    service,
    status: serviceStatus(service, await h.statusStore.list([BOOKINGS])),
    fleet: h.fleet.getFleet(),
  })!;
}

/** Once everything is in place, a pass writes nothing. */
async function expectSteadyPassWritesNothing(h: SyncHarness) {
  const since = writesFromNow(h.sim);
  await h.sync.syncAll();
  expect(since()).toEqual([]);
}

describe('connections synced to the clusters', () => {
  const startHarness = syncHarnessPerTest();

  it('routes compute to the data through each cluster’s provider, federates trust and monitoring, then costs no writes', async () => {
    const h = await startHarness({ fleetText });
    await h.placement.putSpec({ spec: bookings(), source: 'seed' });
    for (let i = 0; i < 3; i++) await h.sync.syncAll();

    // Istio: the US cluster reaches eu-west through its east-west gateway.
    expect(
      (
        await read(
          h,
          'us-east',
          'networking.istio.io/v1',
          'ServiceEntry',
          'bookings-db-miniplanes',
          'airline',
        )
      )?.spec,
    ).toMatchObject({
      hosts: ['bookings-db.airline.svc.cluster.local'],
      location: 'MESH_INTERNAL',
    });
    expect(
      (
        await read(
          h,
          'us-east',
          'networking.istio.io/v1',
          'WorkloadEntry',
          'bookings-db-eu-west',
          'airline',
        )
      )?.spec,
    ).toMatchObject({ address: '198.51.100.10', network: 'net-eu-west' });

    // Gateway: eu-west exposes the data through a LoadBalancer; Japan routes to its address.
    const gateway = await read(
      h,
      'eu-west',
      'v1',
      'Service',
      'bookings-db-gateway',
      'airline',
    );
    expect(gateway.spec.type).toBe('LoadBalancer');
    const address = gateway.status.loadBalancer.ingress[0].ip;
    const slice = await read(
      h,
      'ap-gpu',
      'discovery.k8s.io/v1',
      'EndpointSlice',
      'bookings-db-miniplanes',
      'airline',
    );
    expect(slice).toMatchObject({
      addressType: 'IPv4',
      endpoints: [{ addresses: [address] }],
    });

    // SPIFFE between exactly the pairs that talk; monitoring where metrics are exposed.
    expect(
      (
        await read(
          h,
          'eu-west',
          'spire.spiffe.io/v1alpha1',
          'ClusterSPIFFEID',
          'bookings',
        )
      )?.spec.federatesWith,
    ).toEqual(['ap-gpu.miniplanes.example', 'us-east.miniplanes.example']);
    expect(
      (
        await read(
          h,
          'us-east',
          'spire.spiffe.io/v1alpha1',
          'ClusterSPIFFEID',
          'bookings',
        )
      )?.spec.federatesWith,
    ).toEqual(['eu-west.miniplanes.example']);
    expect(
      await read(
        h,
        'eu-west',
        'monitoring.coreos.com/v1',
        'ServiceMonitor',
        'bookings',
        'airline',
      ),
    ).toBeDefined();

    // Nothing routes through an FQDN EndpointSlice, which kube-proxy ignores.
    for (const cluster of h.sim.clusters) {
      expect([
        ...new Set(
          cluster
            .writes()
            .filter(w => w.kind === 'EndpointSlice')
            .map(w => `${cluster.name} ${w.name}`),
        ),
      ]).toEqual(
        cluster.name === 'ap-gpu' ? ['ap-gpu bookings-db-miniplanes'] : [],
      );
    }

    await expectSteadyPassWritesNothing(h);
  });

  it('has a cluster in remoteWrite mode push the service’s series through its own agent, only aggregates leaving the EU', async () => {
    // The global Prometheus is in the US; eu-west pushes instead of being scraped.
    const pushing = fleetText
      .replace(
        'observability: { globalPrometheus: { cluster: eu-west } }',
        'observability: { globalPrometheus: { cluster: us-east, remoteWriteURL: "https://prometheus.us-east.example/api/v1/write" } }',
      )
      .replace(
        "prometheus: { mode: federation, address: 'prometheus.eu-west.example:9090' }",
        'prometheus: { mode: remoteWrite }',
      );
    const h = await startHarness({ fleetText: pushing });
    await h.placement.putSpec({ spec: bookings(), source: 'seed' });
    for (let i = 0; i < 3; i++) await h.sync.syncAll();

    const agent = await read(
      h,
      'eu-west',
      'monitoring.coreos.com/v1alpha1',
      'PrometheusAgent',
      'bookings-remote-write',
      'airline',
    );
    expect(agent?.spec).toMatchObject({
      externalLabels: { cluster: 'eu-west', jurisdiction: 'IE' },
      remoteWrite: [
        {
          url: 'https://prometheus.us-east.example/api/v1/write',
          writeRelabelConfigs: [
            { sourceLabels: ['__name__'], regex: 'job:.*', action: 'keep' },
          ],
        },
      ],
    });
    // It selects the ServiceMonitor miniplanes wrote beside it.
    const monitor = await read(
      h,
      'eu-west',
      'monitoring.coreos.com/v1',
      'ServiceMonitor',
      'bookings',
      'airline',
    );
    expect(monitor.metadata.labels).toMatchObject(
      agent.spec.serviceMonitorSelector.matchLabels,
    );
    // Nothing federates eu-west: it pushes.
    for (const cluster of h.sim.clusters)
      expect(cluster.writes().filter(w => w.kind === 'ScrapeConfig')).toEqual(
        [],
      );

    const view = await servedConnections(h);
    expect(view.observability.monitored).toEqual([
      expect.objectContaining({
        cluster: 'eu-west',
        state: 'InSync',
        remoteWrite: {
          url: 'https://prometheus.us-east.example/api/v1/write',
          aggregatesOnly: true,
        },
        objects: [
          expect.objectContaining({ kind: 'ServiceMonitor' }),
          expect.objectContaining({ kind: 'PrometheusAgent' }),
        ],
      }),
    ]);

    await expectSteadyPassWritesNothing(h);
  });

  it('serves the demo’s bookings connections as the clusters hold them: the gateway’s LoadBalancer addresses, the mesh’s east-west gateways, trust and monitoring', async () => {
    const h = await startHarness();
    await h.placement.putSpec({
      spec: exampleService('bookings'),
      source: 'seed',
    });
    // Before the first pass nothing is in the clusters, and the view says so.
    expect(
      new Set((await servedConnections(h)).access.map(a => a.state)),
    ).toEqual(new Set(['Pending']));
    // The gateway's address is read at the pass after its LoadBalancer was
    // created and routed to at the next, which sees that route in place.
    for (let i = 0; i < 4; i++) await h.sync.syncAll();
    const view = await servedConnections(h);

    expect(
      view.access.map(a => `${a.from}>${a.to} ${a.provider} ${a.state}`),
    ).toEqual([
      'ap-gpu>us-east gateway InSync',
      'ap-gpu>us-pet gateway InSync',
      'eu-west>us-east istio InSync',
      'eu-west>us-pet istio InSync',
    ]);
    const slice = await read(
      h,
      'ap-gpu',
      'discovery.k8s.io/v1',
      'EndpointSlice',
      'bookings-db-miniplanes',
      'miniplanes',
    );
    for (const a of view.access.filter(c => c.provider === 'gateway')) {
      const gateway = await read(
        h,
        a.to,
        'v1',
        'Service',
        'bookings-db-gateway',
        'miniplanes',
      );
      const reported = gateway.status.loadBalancer.ingress.map(
        (i: { ip: string }) => i.ip,
      );
      expect(reported.length).toBeGreaterThan(0);
      expect(a.addresses).toEqual(reported);
      expect(slice.endpoints.flatMap((e: any) => e.addresses)).toEqual(
        expect.arrayContaining(reported),
      );
    }
    for (const a of view.access.filter(c => c.provider === 'istio')) {
      const entry = await read(
        h,
        'eu-west',
        'networking.istio.io/v1',
        'WorkloadEntry',
        `bookings-db-${a.to}`,
        'miniplanes',
      );
      expect(a.addresses).toEqual([
        `${entry.spec.address}:${entry.spec.ports.postgres}`,
      ]);
    }
    // Every object the view names is in its cluster.
    const named = [
      ...view.access.flatMap(a => a.objects),
      ...view.trust.flatMap(t => t.objects),
      ...view.observability.monitored.flatMap(m => m.objects),
      ...view.observability.federation.flatMap(f => f.objects),
    ];
    expect(named.length).toBeGreaterThan(10);
    for (const o of named) {
      expect([
        o.cluster,
        o.kind,
        o.name,
        o.state,
        !!(await read(h, o.cluster, o.apiVersion, o.kind, o.name, o.namespace)),
      ]).toEqual([o.cluster, o.kind, o.name, 'InSync', true]);
    }

    expect(
      view.trust.map(t => `${t.clusters.join('<>')} ${t.state}`).sort(),
    ).toEqual([
      'ap-gpu<>us-east InSync',
      'ap-gpu<>us-pet InSync',
      'eu-west<>us-east InSync',
      'eu-west<>us-pet InSync',
    ]);
    expect(view.observability.monitored.map(m => m.cluster)).toEqual([
      'ap-gpu',
      'eu-west',
      'us-east',
      'us-pet',
    ]);
    // Japan pushes through its agent: only aggregates leave for the US.
    expect(
      view.observability.monitored
        .filter(m => m.remoteWrite)
        .map(m => [m.cluster, m.remoteWrite!.aggregatesOnly]),
    ).toEqual([['ap-gpu', true]]);
    // Raw series from the US; only aggregates from Ireland, which is scraped.
    expect(
      view.observability.federation.map(f => [
        f.match,
        f.targets.map(t => t.cluster),
        f.aggregatesOnly,
      ]),
    ).toEqual([
      [
        '{namespace="miniplanes",service=~"bookings.*"}',
        ['us-east', 'us-pet'],
        false,
      ],
      ['{__name__=~"job:.*",namespace="miniplanes"}', ['eu-west'], true],
    ]);
    const scrape = await read(
      h,
      'us-east',
      'monitoring.coreos.com/v1alpha1',
      'ScrapeConfig',
      'bookings-federation-aggregates',
      'monitoring',
    );
    expect(scrape.spec.params['match[]']).toEqual([
      view.observability.federation[1].match,
    ]);
  });
});
