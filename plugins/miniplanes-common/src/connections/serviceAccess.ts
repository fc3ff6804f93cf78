import { ClusterProfile } from '../model/types';
import { OperationManifest } from '../dataOperations/types';

/** A Service in front of a service's data, in the clusters that hold it. */
export interface DataService {
  namespace: string;
  name: string;
  ports: { name?: string; port: number; protocol?: string }[];
  selector?: Record<string, string>;
}

/** One data cluster a compute cluster reaches, as a provider needs it. */
export interface AccessSource {
  cluster: ClusterProfile;
  /** Addresses the data cluster's gateway Service reports (gateway provider). */
  addresses: string[];
}

/**
 * How compute in one cluster reaches a data service in others, by the
 * objects real clusters route: what the data clusters export, what the
 * compute cluster imports, and the host compute code uses.
 */
export interface ServiceAccessProvider {
  name: 'gateway' | 'mcs' | 'istio';
  exportFrom(service: DataService): OperationManifest[];
  importInto(
    service: DataService,
    sources: AccessSource[],
  ): OperationManifest[];
  host(service: DataService): string;
}

/** The LoadBalancer Service a data cluster exposes a data service through (gateway provider). @public */
export function gatewayServiceName(service: { name: string }): string {
  return `${service.name}-gateway`;
}

const ports = (service: DataService) =>
  service.ports.map(p => ({
    ...(p.name ? { name: p.name } : {}),
    port: p.port,
    protocol: p.protocol ?? 'TCP',
  }));

/**
 * The default, without a mesh: the data cluster exposes the data service
 * through a LoadBalancer Service; the compute cluster gets a selector-less
 * Service of the same name whose EndpointSlice (IPv4, which kube-proxy
 * routes) holds the addresses those LoadBalancers report.
 */
export const gatewayAccess: ServiceAccessProvider = {
  name: 'gateway',
  exportFrom: service => [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: gatewayServiceName(service),
        namespace: service.namespace,
      },
      spec: {
        type: 'LoadBalancer',
        ...(service.selector ? { selector: service.selector } : {}),
        ports: ports(service),
      },
    },
  ],
  importInto: (service, sources) => [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service.name, namespace: service.namespace },
      spec: { ports: ports(service) },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${service.name}-miniplanes`,
        namespace: service.namespace,
        labels: { 'kubernetes.io/service-name': service.name },
      },
      addressType: 'IPv4',
      ports: ports(service),
      endpoints: sources
        .filter(s => s.addresses.length > 0)
        .map(s => ({
          addresses: [...s.addresses].sort(),
          conditions: { ready: true },
          ...(s.cluster.labels.zone ? { zone: s.cluster.labels.zone } : {}),
        })),
    },
  ],
  host: service => `${service.name}.${service.namespace}.svc.cluster.local`,
};

/**
 * Kubernetes Multi-Cluster Services: the data clusters export the service
 * (ServiceExport); the MCS controller imports it everywhere as
 * `<name>.<namespace>.svc.clusterset.local`, the name compute uses.
 */
export const mcsAccess: ServiceAccessProvider = {
  name: 'mcs',
  exportFrom: service => [
    {
      apiVersion: 'multicluster.x-k8s.io/v1alpha1',
      kind: 'ServiceExport',
      metadata: { name: service.name, namespace: service.namespace },
    },
  ],
  importInto: () => [],
  host: service => `${service.name}.${service.namespace}.svc.clusterset.local`,
};

/** The label that ties an Istio ServiceEntry to its WorkloadEntries. */
const DATA_SERVICE_LABEL = 'miniplanes.io/data-service';

/**
 * An Istio multicluster mesh (multi-network): in the compute cluster a
 * ServiceEntry (MESH_INTERNAL) for the data service's host and ports, and a
 * WorkloadEntry per data cluster through that cluster's east-west gateway.
 * The data service itself stays cluster-local.
 */
export const istioAccess: ServiceAccessProvider = {
  name: 'istio',
  exportFrom: () => [],
  importInto: (service, sources) => {
    const selector = {
      [DATA_SERVICE_LABEL]: `${service.name}.${service.namespace}`,
    };
    const reachable = sources.filter(s => s.cluster.connections?.istio);
    return [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'ServiceEntry',
        metadata: {
          name: `${service.name}-miniplanes`,
          namespace: service.namespace,
        },
        spec: {
          hosts: [istioAccess.host(service)],
          location: 'MESH_INTERNAL',
          resolution: 'STATIC',
          ports: service.ports.map(p => ({
            number: p.port,
            name: p.name ?? `port-${p.port}`,
            protocol: (p.protocol ?? 'TCP').toUpperCase(),
          })),
          workloadSelector: { labels: selector },
        },
      },
      ...reachable.map(source => {
        const istio = source.cluster.connections!.istio!;
        return {
          apiVersion: 'networking.istio.io/v1',
          kind: 'WorkloadEntry',
          metadata: {
            name: `${service.name}-${source.cluster.name}`,
            namespace: service.namespace,
          },
          spec: {
            address: istio.eastWestGateway,
            network: istio.network,
            labels: selector,
            ports: Object.fromEntries(
              service.ports.map(p => [
                p.name ?? `port-${p.port}`,
                istio.eastWestPort ?? 15443,
              ]),
            ),
            ...(source.cluster.labels.region
              ? {
                  locality: [
                    source.cluster.labels.region,
                    source.cluster.labels.zone,
                  ]
                    .filter(Boolean)
                    .join('/'),
                }
              : {}),
          },
        };
      }),
    ];
  },
  host: service => `${service.name}.${service.namespace}.svc.cluster.local`,
};

/** The providers by name; a cluster without a setting uses the gateway. */
export const serviceAccessProviders: Record<
  ServiceAccessProvider['name'],
  ServiceAccessProvider
> = { gateway: gatewayAccess, mcs: mcsAccess, istio: istioAccess };
