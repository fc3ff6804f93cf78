import {
  ClusterSyncStatus,
  ConnectionObject,
  evaluatePlacement,
  FederatedService,
  fleetFromFile,
  parseFederatedService,
  parseFleetFile,
  ServiceSyncStatus,
} from '@miniplanes/plugin-miniplanes-common';
import { StoredService } from '../store/MiniplanesStore';
import { serviceManifest } from '../__testUtils__/sync/workloadManifests';
import { connectionsView } from './connectionsView';

const UPDATED = '2026-11-25T12:00:00.000Z';

const spiffe = (name: string) => ({
  trustDomain: `${name}.example`,
  bundleEndpointURL: `https://spire.${name}.example:8443`,
  bundleEndpointProfile: 'https_web',
});

/** Data in the US; Japan reaches it through the gateway default, Ireland through Istio. */
function fleet(usIstio = true) {
  const file = parseFleetFile({
    observability: { globalPrometheus: { cluster: 'us-east' } },
    clusters: [
      {
        name: 'us-east',
        labels: { jurisdiction: 'US', region: 'us-east-1' },
        nodes: { count: 2, cpu: '16', memory: '64Gi' },
        connections: {
          ...(usIstio
            ? {
                istio: { network: 'net-us', eastWestGateway: '203.0.113.10' },
              }
            : {}),
          prometheus: { mode: 'federation', address: 'prom.us-east:9090' },
          spiffe: spiffe('us-east'),
        },
      },
      {
        name: 'ap-gpu',
        labels: { jurisdiction: 'JP', region: 'asia-northeast1' },
        nodes: { count: 2, cpu: '16', memory: '64Gi' },
        connections: { spiffe: spiffe('ap-gpu') },
      },
      {
        name: 'eu-west',
        labels: { jurisdiction: 'IE', region: 'eu-west-1' },
        nodes: { count: 2, cpu: '16', memory: '64Gi' },
        connections: { serviceAccess: 'istio' },
      },
    ],
  });
  if (!file.ok) throw new Error(JSON.stringify(file.issues));
  return fleetFromFile(file.value);
}

function bookings(computeOutsideResidency = true): FederatedService {
  const parsed = parseFederatedService({
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: {
      name: 'bookings',
      entityRef: 'component:default/bookings',
      namespace: 'airline',
    },
    spec: {
      data: { classification: 'bookings', residency: ['US'] },
      placement: {
        computeOutsideResidency,
        replicas: { total: 1, mode: 'Duplicated' },
      },
      resources: [
        {
          role: 'data',
          manifest: serviceManifest('bookings-db', [
            { name: 'db', port: 5432 },
            { name: 'metrics', port: 9187 },
          ]),
        },
        {
          role: 'compute',
          manifest: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'bookings-api' },
            spec: {
              selector: { matchLabels: { app: 'bookings-api' } },
              template: {
                metadata: { labels: { app: 'bookings-api' } },
                spec: {
                  containers: [{ name: 'api', image: 'bookings-api:1' }],
                },
              },
            },
          },
        },
      ],
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

function stored(spec: FederatedService, f = fleet()): StoredService {
  return {
    entityRef: spec.metadata.entityRef,
    specVersion: 1,
    spec,
    decision: evaluatePlacement({ service: spec, fleet: f }),
    source: 'api',
    createdAt: UPDATED,
    updatedAt: UPDATED,
  };
}

/** A status whose clusters hold the given objects, each in the state `stateOf` gives. */
function statusHolding(
  objects: ConnectionObject[],
  stateOf: (o: ConnectionObject) => Partial<ClusterSyncStatus['objects'][0]>,
  pending: string[] = [],
): ServiceSyncStatus {
  const clusters = [...new Set(objects.map(o => o.cluster))].sort();
  return {
    state: 'InSync',
    message: 'in sync',
    clusters: clusters.map(cluster => ({
      cluster,
      placed: true,
      state: pending.includes(cluster) ? 'Pending' : 'InSync',
      driftCount: 0,
      retained: [],
      objects: objects
        .filter(o => o.cluster === cluster)
        .map(({ cluster: _c, state: _s, ...ref }) => ({
          ...ref,
          role: 'access' as const,
          state: 'InSync' as const,
          action: 'none' as const,
          ...stateOf({ ...ref, cluster, state: 'InSync' }),
        })),
    })),
  };
}

const NOTHING_SYNCED: ServiceSyncStatus = {
  state: 'Progressing',
  message: 'rolling out',
  clusters: [],
};

/** Every object the view relies on, once. */
function allObjects(service: StoredService) {
  const view = connectionsView({
    service,
    status: NOTHING_SYNCED,
    fleet: fleet(),
  })!;
  const all = [
    ...view.access.flatMap(a => a.objects),
    ...view.trust.flatMap(t => t.objects),
    ...view.observability.monitored.flatMap(m => m.objects),
    ...view.observability.federation.flatMap(m => m.objects),
  ];
  return [
    ...new Map(all.map(o => [`${o.cluster}/${o.kind}/${o.name}`, o])).values(),
  ];
}

const ref = (o: ConnectionObject) => `${o.cluster} ${o.kind} ${o.name}`;

describe('connectionsView', () => {
  it('shows, per compute and data cluster, the provider, the addresses in use and the objects the clusters hold', () => {
    const service = stored(bookings());
    const status = statusHolding(allObjects(service), o =>
      o.kind === 'Service' && o.name === 'bookings-db-gateway'
        ? { addresses: ['10.0.0.5'] }
        : {},
    );
    const view = connectionsView({ service, status, fleet: fleet() })!;

    expect(
      view.access.map(a => ({
        ...a,
        objects: a.objects.map(o => `${ref(o)} ${o.state}`),
      })),
    ).toEqual([
      {
        from: 'ap-gpu',
        to: 'us-east',
        provider: 'gateway',
        hosts: ['bookings-db.airline.svc.cluster.local'],
        addresses: ['10.0.0.5'],
        state: 'InSync',
        objects: [
          'ap-gpu Service bookings-db InSync',
          'ap-gpu EndpointSlice bookings-db-miniplanes InSync',
          'us-east Service bookings-db-gateway InSync',
        ],
      },
      {
        from: 'eu-west',
        to: 'us-east',
        provider: 'istio',
        hosts: ['bookings-db.airline.svc.cluster.local'],
        addresses: ['203.0.113.10:15443'],
        state: 'InSync',
        objects: [
          'eu-west ServiceEntry bookings-db-miniplanes InSync',
          'eu-west WorkloadEntry bookings-db-us-east InSync',
        ],
      },
    ]);
    // Trust between the pair that talks and has SPIFFE settings on both sides only.
    expect(
      view.trust.map(t => ({ ...t, objects: t.objects.map(ref) })),
    ).toEqual([
      {
        clusters: ['ap-gpu', 'us-east'],
        trustDomains: ['ap-gpu.example', 'us-east.example'],
        state: 'InSync',
        objects: [
          'ap-gpu ClusterFederatedTrustDomain bookings-us-east',
          'ap-gpu ClusterSPIFFEID bookings',
          'us-east ClusterFederatedTrustDomain bookings-ap-gpu',
          'us-east ClusterSPIFFEID bookings',
        ],
      },
    ]);
    expect(view.observability.monitored.map(m => [m.cluster, m.state])).toEqual(
      [['us-east', 'InSync']],
    );
    expect(view.observability.federation).toEqual([
      expect.objectContaining({
        cluster: 'us-east',
        match: '{namespace="airline",service=~"bookings.*"}',
        targets: [{ cluster: 'us-east', jurisdiction: 'US' }],
        aggregatesOnly: false,
        state: 'InSync',
      }),
    ]);
  });

  it('says what is not there yet: clusters not synced since the change, a LoadBalancer without an address, an object in error', () => {
    const service = stored(bookings());
    const objects = allObjects(service);
    const view = connectionsView({
      service,
      status: statusHolding(
        objects,
        o =>
          o.kind === 'WorkloadEntry'
            ? { state: 'Error', message: 'the kind is not served' }
            : {},
        ['us-east'],
      ),
      fleet: fleet(),
    })!;
    const [gateway, istio] = view.access;
    expect(gateway).toMatchObject({
      state: 'Pending',
      message: 'not synced yet: us-east',
      addresses: [],
    });
    expect(istio).toMatchObject({
      state: 'Error',
      message:
        'WorkloadEntry bookings-db-us-east in eu-west: the kind is not served',
    });

    const synced = connectionsView({
      service,
      status: statusHolding(objects, () => ({})),
      fleet: fleet(),
    })!;
    expect(synced.access[0]).toMatchObject({
      state: 'Progressing',
      message: 'waiting for the LoadBalancer in us-east to report an address',
    });
  });

  it('reports a mesh connection to a data cluster without an east-west gateway as broken', () => {
    const f = fleet(false);
    const service = stored(bookings(), f);
    const view = connectionsView({
      service,
      status: NOTHING_SYNCED,
      fleet: f,
    })!;
    expect(view.access.find(a => a.provider === 'istio')).toMatchObject({
      from: 'eu-west',
      to: 'us-east',
      state: 'Error',
      message:
        'us-east has no Istio east-west gateway in its connection settings, so eu-west cannot reach it through the mesh',
      addresses: [],
    });
  });

  it('is absent when compute runs next to its data and nothing is monitored', () => {
    const spec = bookings(false);
    spec.spec.resources = spec.spec.resources.filter(
      r => r.manifest.kind !== 'Service',
    );
    expect(
      connectionsView({
        service: stored(spec),
        status: NOTHING_SYNCED,
        fleet: fleet(),
      }),
    ).toBeUndefined();
  });
});
