import { FederatedService, Fleet } from '../model/types';
import { evaluatePlacement } from '../placement/evaluatePlacement';
import { renderClusterManifests } from '../render/renderClusterManifests';
import { serviceLabelValue } from '../render/ownershipLabels';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import { resource, withResources } from '../__testUtils__/serviceVariants';
import { loadBalancerKey, renderConnections } from './renderConnections';

/** The demo fleet: the EU on Istio, Japan on MCS, the US on the gateway default; SPIFFE everywhere. */
function fleet(): Fleet {
  const base = demoFleet();
  return {
    ...base,
    observability: { globalPrometheus: { cluster: 'us-east' } },
    clusters: base.clusters.map(c => ({
      ...c,
      connections: {
        ...(c.labels.jurisdiction === 'IE' || c.labels.jurisdiction === 'DE'
          ? {
              serviceAccess: 'istio' as const,
              istio: {
                network: `net-${c.name}`,
                eastWestGateway: `198.51.100.${c.name.length}`,
              },
            }
          : {}),
        ...(c.name === 'ap-gpu' ? { serviceAccess: 'mcs' as const } : {}),
        ...(c.labels.jurisdiction === 'US'
          ? {
              istio: {
                network: `net-${c.name}`,
                eastWestGateway: `203.0.113.${c.name.length}`,
              },
            }
          : {}),
        spiffe: {
          trustDomain: `${c.name}.miniplanes.example`,
          bundleEndpointURL: `https://spire.${c.name}.example:8443`,
          bundleEndpointProfile: 'https_spiffe' as const,
          endpointSPIFFEID: `spiffe://${c.name}.miniplanes.example/spire/server`,
        },
        prometheus: {
          mode: 'federation' as const,
          address: `prometheus.${c.name}.example:9090`,
        },
      },
    })),
  };
}

/** renderConnections' input where the itineraries service reaches the storage data: compute everywhere, data in the US. */
function rendered() {
  const f = fleet();
  const service = demoService('storage');
  // Compute runs outside the data's jurisdiction here, to be reached from there.
  service.spec.placement = {
    ...service.spec.placement,
    requires: [],
    computeOutsideResidency: true,
    replicas: { total: 1, mode: 'Duplicated' },
    tolerations: [{ key: 'spot', operator: 'Exists' }],
  };
  service.spec.resources = service.spec.resources.map(r =>
    r.manifest.kind === 'Service'
      ? {
          ...r,
          manifest: {
            ...r.manifest,
            spec: {
              selector: { app: 'mongodb' },
              ports: [
                { name: 'mongo', port: 27017 },
                { name: 'metrics', port: 9216 },
              ],
            },
          },
        }
      : r,
  );
  return { service, fleet: f, desired: desiredManifests(service, f) };
}

/** What each cluster of the fleet runs of the service, as placed there. */
function desiredManifests(service: FederatedService, f: Fleet) {
  const decision = evaluatePlacement({ service, fleet: f });
  return new Map(
    f.clusters.map(c => [
      c.name,
      renderClusterManifests({ service, decision, cluster: c.name }),
    ]),
  );
}

/** us-east's data gateway has its LoadBalancer address; us-pet's has none yet. */
const loadBalancers = new Map([
  [loadBalancerKey('us-east', 'miniplanes', 'mongodb-gateway'), ['10.1.0.7']],
]);

const find = (list: any[] | undefined, kind: string, name?: string) =>
  list?.find(m => m.kind === kind && (!name || m.metadata.name === name));

describe('renderConnections', () => {
  it('routes each compute cluster to the data through its own provider, with objects real clusters route', () => {
    const { objects, connections } = renderConnections({
      ...rendered(),
      loadBalancers,
    });
    expect(
      connections.map(c => `${c.from}>${c.to} ${c.provider}`).sort(),
    ).toEqual([
      'ap-gpu>us-east mcs',
      'ap-gpu>us-pet mcs',
      'eu-spot>us-east istio',
      'eu-spot>us-pet istio',
      'eu-west>us-east istio',
      'eu-west>us-pet istio',
    ]);

    // MCS: the data clusters export, the compute cluster uses the clusterset name.
    expect(find(objects.get('us-east'), 'ServiceExport')).toMatchObject({
      apiVersion: 'multicluster.x-k8s.io/v1alpha1',
      kind: 'ServiceExport',
      metadata: { name: 'mongodb', namespace: 'miniplanes' },
    });
    // Labelled as the service's, like everything miniplanes applies.
    expect(
      find(objects.get('us-east'), 'ServiceExport').metadata,
    ).toMatchObject({
      labels: {
        'app.kubernetes.io/managed-by': 'miniplanes',
        'miniplanes.io/role': 'access',
      },
      annotations: { 'miniplanes.io/service': 'component:default/storage' },
    });
    expect(connections.find(c => c.from === 'ap-gpu')!.hosts).toEqual([
      'mongodb.miniplanes.svc.clusterset.local',
    ]);
    expect(objects.get('ap-gpu')?.some(m => m.kind === 'EndpointSlice')).toBe(
      false,
    );

    // Istio: a MESH_INTERNAL ServiceEntry and a WorkloadEntry per data cluster's east-west gateway.
    const entry = find(objects.get('eu-west'), 'ServiceEntry');
    expect(entry).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      metadata: { name: 'mongodb-miniplanes', namespace: 'miniplanes' },
      spec: {
        hosts: ['mongodb.miniplanes.svc.cluster.local'],
        location: 'MESH_INTERNAL',
        resolution: 'STATIC',
        ports: [
          { number: 27017, name: 'mongo', protocol: 'TCP' },
          { number: 9216, name: 'metrics', protocol: 'TCP' },
        ],
        workloadSelector: {
          labels: { 'miniplanes.io/data-service': 'mongodb.miniplanes' },
        },
      },
    });
    expect(
      find(objects.get('eu-west'), 'WorkloadEntry', 'mongodb-us-pet'),
    ).toMatchObject({
      spec: {
        address: '203.0.113.6',
        network: 'net-us-pet',
        labels: { 'miniplanes.io/data-service': 'mongodb.miniplanes' },
        ports: { mongo: 15443, metrics: 15443 },
        locality: 'us-west-2/us-west-2b',
      },
    });
    // No FQDN EndpointSlice anywhere.
    for (const list of objects.values()) {
      for (const m of list) expect((m as any).addressType).not.toBe('FQDN');
    }
  });

  it('gives the default gateway an IPv4 EndpointSlice of the LoadBalancer addresses the data clusters report', () => {
    const input = rendered();
    input.fleet.clusters = input.fleet.clusters.map(c =>
      c.name === 'eu-west'
        ? { ...c, connections: { ...c.connections, serviceAccess: undefined } }
        : c,
    );
    const { objects, connections } = renderConnections({
      ...input,
      loadBalancers,
    });
    expect(
      find(objects.get('us-east'), 'Service', 'mongodb-gateway'),
    ).toMatchObject({
      spec: { type: 'LoadBalancer', selector: { app: 'mongodb' } },
    });
    const slice = find(objects.get('eu-west'), 'EndpointSlice');
    expect(slice).toMatchObject({
      apiVersion: 'discovery.k8s.io/v1',
      addressType: 'IPv4',
      metadata: { labels: { 'kubernetes.io/service-name': 'mongodb' } },
      endpoints: [
        {
          addresses: ['10.1.0.7'],
          conditions: { ready: true },
          zone: 'us-east-1a',
        },
      ],
    });
    expect(
      find(objects.get('eu-west'), 'Service', 'mongodb').spec.selector,
    ).toBeUndefined();
    // us-pet's LoadBalancer has no address yet: said, not hidden.
    expect(
      connections.find(c => c.from === 'eu-west' && c.to === 'us-pet')!.pending,
    ).toBe(true);
  });

  it('federates SPIFFE trust between exactly the clusters that talk, both ways', () => {
    const { objects } = renderConnections(rendered());
    const domains = (cluster: string) =>
      (objects.get(cluster) ?? [])
        .filter(m => m.kind === 'ClusterFederatedTrustDomain')
        .map(m => (m.spec as any).trustDomain)
        .sort();
    expect(domains('eu-west')).toEqual([
      'us-east.miniplanes.example',
      'us-pet.miniplanes.example',
    ]);
    expect(domains('us-east')).toEqual([
      'ap-gpu.miniplanes.example',
      'eu-spot.miniplanes.example',
      'eu-west.miniplanes.example',
    ]);
    expect(
      find(
        objects.get('eu-west'),
        'ClusterFederatedTrustDomain',
        'storage-us-pet',
      ),
    ).toMatchObject({
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterFederatedTrustDomain',
      metadata: { name: 'storage-us-pet' },
      spec: {
        trustDomain: 'us-pet.miniplanes.example',
        bundleEndpointURL: 'https://spire.us-pet.example:8443',
        bundleEndpointProfile: {
          type: 'https_spiffe',
          endpointSPIFFEID: 'spiffe://us-pet.miniplanes.example/spire/server',
        },
      },
    });
    const id = find(objects.get('eu-west'), 'ClusterSPIFFEID');
    expect(id.spec).toMatchObject({
      podSelector: {
        matchLabels: {
          'miniplanes.io/service-hash': serviceLabelValue(
            'component:default/storage',
          ),
        },
      },
      federatesWith: [
        'us-east.miniplanes.example',
        'us-pet.miniplanes.example',
      ],
    });
  });

  it('monitors where the service exposes metrics, and federates only aggregates across jurisdictions', () => {
    const { objects, observability } = renderConnections(rendered());
    expect(observability).toEqual({
      monitored: ['us-east', 'us-pet'],
      federatedBy: 'us-east',
    });
    expect(find(objects.get('us-pet'), 'ServiceMonitor')).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      spec: {
        namespaceSelector: { matchNames: ['miniplanes'] },
        endpoints: [{ port: 'metrics', interval: '30s' }],
      },
    });
    const scrape = find(
      objects.get('us-east'),
      'ScrapeConfig',
      'storage-federation',
    );
    expect(scrape).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      metadata: { namespace: 'monitoring' },
      spec: {
        metricsPath: '/federate',
        honorLabels: true,
        params: {
          'match[]': ['{namespace="miniplanes",service=~"storage.*"}'],
        },
        staticConfigs: [
          {
            targets: ['prometheus.us-east.example:9090'],
            labels: { cluster: 'us-east', jurisdiction: 'US' },
          },
          {
            targets: ['prometheus.us-pet.example:9090'],
            labels: { cluster: 'us-pet', jurisdiction: 'US' },
          },
        ],
      },
    });
  });

  it('has clusters in remoteWrite mode push through an agent of their own, only aggregates across a jurisdiction', () => {
    const base = rendered();
    const f: Fleet = {
      ...base.fleet,
      observability: {
        globalPrometheus: {
          cluster: 'us-east',
          remoteWriteURL: 'https://prometheus.us-east.example/api/v1/write',
        },
      },
      clusters: base.fleet.clusters.map(c =>
        c.name === 'us-pet' || c.name === 'eu-west'
          ? {
              ...c,
              connections: {
                ...c.connections,
                prometheus: { mode: 'remoteWrite' },
              },
            }
          : c,
      ),
    };
    // The API's own Service exposes metrics where compute runs, abroad too.
    const service = withResources(
      base.service,
      resource('compute', 'v1', 'Service', 'storage-api', {
        selector: { app: 'storage-api' },
        ports: [{ name: 'metrics', port: 9100 }],
      }),
    );
    const desired = desiredManifests(service, f);
    const { objects, observability } = renderConnections({
      service,
      fleet: f,
      desired,
    });
    expect(observability.remoteWriting).toEqual(['eu-west', 'us-pet']);
    // At home, every series of the service is pushed.
    const home = find(objects.get('us-pet'), 'PrometheusAgent');
    expect(home).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      metadata: { name: 'storage-remote-write', namespace: 'miniplanes' },
      spec: {
        serviceMonitorSelector: {
          matchLabels: {
            'miniplanes.io/service-hash': serviceLabelValue(
              'component:default/storage',
            ),
          },
        },
        externalLabels: { cluster: 'us-pet', jurisdiction: 'US' },
        remoteWrite: [
          { url: 'https://prometheus.us-east.example/api/v1/write' },
        ],
      },
    });
    // Its ServiceMonitor is the one the agent selects.
    expect(
      find(objects.get('us-pet'), 'ServiceMonitor').metadata.labels,
    ).toMatchObject(home.spec.serviceMonitorSelector.matchLabels);
    // From Ireland only the aggregates leave for the American Prometheus.
    expect(
      find(objects.get('eu-west'), 'PrometheusAgent').spec.remoteWrite,
    ).toEqual([
      {
        url: 'https://prometheus.us-east.example/api/v1/write',
        writeRelabelConfigs: [
          { sourceLabels: ['__name__'], regex: 'job:.*', action: 'keep' },
        ],
      },
    ]);
    // Pushed clusters are not also federated; federation clusters still are.
    const scrape = find(objects.get('us-east'), 'ScrapeConfig');
    expect(JSON.stringify(scrape)).not.toContain('us-pet');
    // Without a receiver nothing pushes, and nothing pretends to.
    const silent = renderConnections({
      service,
      fleet: {
        ...f,
        observability: { globalPrometheus: { cluster: 'us-east' } },
      },
      desired,
    });
    expect(silent.observability.remoteWriting).toBeUndefined();
    expect(find(silent.objects.get('us-pet'), 'PrometheusAgent')).toBe(
      undefined,
    );
  });
});
