import { ClusterProfile, FederatedService, Fleet } from '../model/types';
import { OperationManifest } from '../dataOperations/types';
import {
  entityName,
  MINIPLANES_ANNOTATIONS,
  objectLabels,
} from '../render/ownershipLabels';
import {
  federationScrapeConfigs,
  METRICS_PORT,
  remoteWriteAgent,
  serviceMonitor,
} from './observability';
import {
  DataService,
  gatewayServiceName,
  serviceAccessProviders,
} from './serviceAccess';
import { trustObjects } from './trust';

/** How one compute cluster reaches one data cluster of a service. @public */
export interface ConnectionView {
  from: string;
  to: string;
  provider: 'gateway' | 'mcs' | 'istio';
  /** The data services compute reaches, by the host it uses. */
  hosts: string[];
  /** The trust domains federated for it, when both clusters have SPIFFE settings. */
  trustDomains?: { from: string; to: string };
  /** For the gateway: whether the data cluster's LoadBalancer reported an address yet. */
  pending?: boolean;
}

/** What a service's connections add to the clusters, and how they connect. @public */
export interface RenderedConnections {
  /** Per cluster, the objects to apply (role `access`). */
  objects: Map<string, OperationManifest[]>;
  connections: ConnectionView[];
  /**
   * Where the service is observed from: per cluster its ServiceMonitor, the
   * clusters that push its series (a PrometheusAgent each), and the global
   * federation.
   */
  observability: {
    monitored: string[];
    remoteWriting?: string[];
    federatedBy?: string;
  };
}

/** Key of a gateway Service's reported addresses: `cluster/namespace/name`. @public */
export function loadBalancerKey(
  cluster: string,
  namespace: string,
  name: string,
): string {
  return `${cluster}/${namespace}/${name}`;
}

/** What a cluster holds of a service, as {@link renderConnections} reads it. @public */
export type RenderedObject = {
  role: string;
  manifest: {
    kind: string;
    metadata: { name: string; namespace?: string };
    [key: string]: unknown;
  };
};

function dataServicesOf(rendered: RenderedObject[]): DataService[] {
  return rendered
    .filter(r => r.role === 'data' && r.manifest.kind === 'Service')
    .map(({ manifest }) => {
      const spec = (manifest.spec ?? {}) as {
        ports?: DataService['ports'];
        selector?: Record<string, string>;
      };
      return {
        namespace: manifest.metadata.namespace ?? 'default',
        name: manifest.metadata.name,
        ports: spec.ports ?? [],
        ...(spec.selector ? { selector: spec.selector } : {}),
      };
    });
}

/**
 * Everything that lets a service's compute reach its data and be observed
 * and trusted, from where its roles are placed and each cluster's
 * connection settings:
 *
 * - where compute runs without the data, the compute cluster's service
 *   access provider (gateway by default, MCS or Istio) routes to every data
 *   cluster — objects real clusters route, never an FQDN EndpointSlice;
 * - SPIRE federation between exactly the pairs that talk;
 * - a ServiceMonitor wherever the service exposes a `metrics` port, and the
 *   global Prometheus's federation scrape configs (raw series only from its
 *   own jurisdiction).
 *
 * Every object carries the service's ownership labels (role `access`).
 * Pure: the gateway's LoadBalancer addresses come from what the sync read.
 *
 * @public
 */
export function renderConnections(input: {
  service: FederatedService;
  fleet: Fleet;
  /** Per cluster, what it holds of the service (rendered, with roles). */
  desired: Map<string, RenderedObject[]>;
  /** Addresses each data cluster's gateway Service reports, by {@link loadBalancerKey}. */
  loadBalancers?: Map<string, string[]>;
}): RenderedConnections {
  const { service, fleet, desired } = input;
  const entityRef = service.metadata.entityRef;
  const name = entityName(entityRef);
  const profiles = new Map(fleet.clusters.map(c => [c.name, c]));
  const objects = new Map<string, OperationManifest[]>();
  // Labelled as the service's, like everything miniplanes applies.
  const owned = (m: OperationManifest): OperationManifest => ({
    ...m,
    metadata: {
      ...m.metadata,
      labels: { ...m.metadata.labels, ...objectLabels(entityRef, 'access') },
      annotations: {
        ...m.metadata.annotations,
        [MINIPLANES_ANNOTATIONS.service]: entityRef,
      },
    },
  });
  const add = (cluster: string, manifests: OperationManifest[]) => {
    if (manifests.length === 0) return;
    objects.set(cluster, [
      ...(objects.get(cluster) ?? []),
      ...manifests.map(owned),
    ]);
  };
  const connections: ConnectionView[] = [];

  const dataClusters = new Map<string, DataService[]>();
  const computeOnly: string[] = [];
  for (const [cluster, rendered] of desired) {
    const services = dataServicesOf(rendered);
    if (rendered.some(r => r.role === 'data'))
      dataClusters.set(cluster, services);
    else if (rendered.some(r => r.role === 'compute'))
      computeOnly.push(cluster);
  }

  const peers = new Map<string, Set<string>>();
  const talk = (a: string, b: string) => {
    peers.set(a, new Set([...(peers.get(a) ?? []), b]));
    peers.set(b, new Set([...(peers.get(b) ?? []), a]));
  };
  const exported = new Set<string>();
  for (const from of computeOnly.sort()) {
    const profile = profiles.get(from);
    if (!profile) continue;
    const provider =
      serviceAccessProviders[profile.connections?.serviceAccess ?? 'gateway'];
    const byService = new Map<
      string,
      { service: DataService; clusters: string[] }
    >();
    for (const [to, services] of dataClusters) {
      for (const s of services) {
        const key = `${s.namespace}/${s.name}`;
        const entry = byService.get(key) ?? { service: s, clusters: [] };
        entry.clusters.push(to);
        byService.set(key, entry);
      }
    }
    for (const { service: dataService, clusters } of byService.values()) {
      for (const to of clusters) {
        const key = `${provider.name} ${to} ${dataService.namespace}/${dataService.name}`;
        if (!exported.has(key)) {
          exported.add(key);
          add(to, provider.exportFrom(dataService));
        }
      }
      add(
        from,
        provider.importInto(
          dataService,
          clusters.sort().map(to => ({
            cluster: profiles.get(to)!,
            addresses:
              input.loadBalancers?.get(
                loadBalancerKey(
                  to,
                  dataService.namespace,
                  gatewayServiceName(dataService),
                ),
              ) ?? [],
          })),
        ),
      );
    }
    for (const to of [...dataClusters.keys()].sort()) {
      talk(from, to);
      const hosts = (dataClusters.get(to) ?? []).map(s => provider.host(s));
      const fromSpiffe = profile.connections?.spiffe;
      const toSpiffe = profiles.get(to)?.connections?.spiffe;
      connections.push({
        from,
        to,
        provider: provider.name,
        hosts,
        ...(fromSpiffe && toSpiffe
          ? {
              trustDomains: {
                from: fromSpiffe.trustDomain,
                to: toSpiffe.trustDomain,
              },
            }
          : {}),
        ...(provider.name === 'gateway'
          ? {
              pending: (dataClusters.get(to) ?? []).some(
                s =>
                  !input.loadBalancers?.get(
                    loadBalancerKey(to, s.namespace, gatewayServiceName(s)),
                  )?.length,
              ),
            }
          : {}),
      });
    }
  }

  for (const [cluster, others] of peers) {
    const profile = profiles.get(cluster);
    if (!profile) continue;
    add(
      cluster,
      trustObjects({
        entityRef,
        entityName: name,
        cluster: profile,
        peers: [...others]
          .map(p => profiles.get(p))
          .filter((p): p is ClusterProfile => !!p),
      }),
    );
  }

  const monitored: string[] = [];
  const remoteWriting: string[] = [];
  for (const [cluster, rendered] of desired) {
    const withMetrics = rendered.filter(
      r =>
        r.manifest.kind === 'Service' &&
        (
          (r.manifest.spec as { ports?: { name?: string }[] } | undefined)
            ?.ports ?? []
        ).some(p => p.name === METRICS_PORT),
    );
    const namespaces = [
      ...new Set(
        withMetrics.map(r => r.manifest.metadata.namespace ?? 'default'),
      ),
    ];
    const profile = profiles.get(cluster);
    const pushes = profile?.connections?.prometheus?.mode === 'remoteWrite';
    for (const namespace of namespaces) {
      add(cluster, [
        serviceMonitor({ entityRef, entityName: name, namespace }),
      ]);
      const agent =
        pushes &&
        remoteWriteAgent({
          entityRef,
          entityName: name,
          namespace,
          cluster: profile,
          fleet,
        });
      if (agent) {
        add(cluster, [agent]);
        if (!remoteWriting.includes(cluster)) remoteWriting.push(cluster);
      }
    }
    if (namespaces.length > 0) monitored.push(cluster);
  }
  const federation =
    monitored.length > 0
      ? federationScrapeConfigs({
          entityName: name,
          namespace: service.metadata.namespace ?? 'default',
          fleet,
          clusters: monitored
            .sort()
            .map(c => profiles.get(c)!)
            .filter(Boolean),
        })
      : undefined;
  if (federation) add(federation.cluster, federation.manifests);

  return {
    objects,
    connections,
    observability: {
      monitored: monitored.sort(),
      ...(remoteWriting.length ? { remoteWriting: remoteWriting.sort() } : {}),
      ...(federation?.manifests.length
        ? { federatedBy: federation.cluster }
        : {}),
    },
  };
}
