import {
  ClusterConnections,
  ConnectionObject,
  ConnectionState,
  ConnectionView,
  FederationScrapeView,
  Fleet,
  loadBalancerKey,
  ObjectSyncStatus,
  OperationManifest,
  renderClusterManifests,
  renderConnections,
  ResourceInterpreter,
  ServiceAccessView,
  ServiceConnectionsView,
  ServiceSyncStatus,
  TrustPairView,
} from '@miniplanes/plugin-miniplanes-common';
import { StoredService } from '../store/MiniplanesStore';

const TRUST_KINDS = new Set(['ClusterFederatedTrustDomain', 'ClusterSPIFFEID']);
const OBSERVABILITY_KINDS = new Set([
  'ServiceMonitor',
  'PrometheusAgent',
  'ScrapeConfig',
]);
/** What each provider puts in the data cluster; the rest of a connection is in the compute cluster. */
const EXPORT_KINDS: Record<ConnectionView['provider'], string[]> = {
  gateway: ['Service'],
  mcs: ['ServiceExport'],
  istio: [],
};
const DEFAULT_EAST_WEST_PORT = 15443;

const objectKey = (kind: string, namespace: string | undefined, name: string) =>
  `${kind}/${namespace ?? ''}/${name}`;

/** What the last sync recorded of each cluster's objects, and which clusters it has not synced since the last change. */
function recordedObjects(status: ServiceSyncStatus) {
  const objects = new Map<string, Map<string, ObjectSyncStatus>>();
  const pending = new Set<string>();
  for (const cluster of status.clusters) {
    if (cluster.state === 'Pending') pending.add(cluster.cluster);
    objects.set(
      cluster.cluster,
      new Map(
        cluster.objects.map(o => [objectKey(o.kind, o.namespace, o.name), o]),
      ),
    );
  }
  return { objects, pending };
}

/** The worst state among a connection's objects, with what makes it so. */
function combine(
  objects: ConnectionObject[],
  waiting?: string,
): { state: ConnectionState; message?: string } {
  const describe = (list: ConnectionObject[]) =>
    list
      .map(
        o =>
          `${o.kind} ${o.name} in ${o.cluster}${
            o.message ? `: ${o.message}` : ''
          }`,
      )
      .join('; ');
  const failed = objects.filter(
    o => o.state === 'Error' || o.state === 'Conflict',
  );
  if (failed.length > 0) return { state: 'Error', message: describe(failed) };
  const pending = objects.filter(o => o.state === 'Pending');
  if (pending.length > 0) {
    return {
      state: 'Pending',
      message: `not synced yet: ${[...new Set(pending.map(o => o.cluster))]
        .sort()
        .join(', ')}`,
    };
  }
  const drifted = objects.filter(o => o.state === 'Drifted');
  if (drifted.length > 0) {
    return {
      state: 'Drifted',
      message: `drift restored: ${describe(drifted)}`,
    };
  }
  const progressing = objects.filter(o => o.state === 'Progressing');
  if (progressing.length > 0 || waiting) {
    return {
      state: 'Progressing',
      message: waiting ?? `not ready yet: ${describe(progressing)}`,
    };
  }
  return { state: 'InSync' };
}

/**
 * Where compute's traffic goes: the data cluster's LoadBalancer addresses
 * (gateway) or its east-west gateway and port (istio); MCS's clusterset IP
 * is its controller's, not miniplanes'.
 */
function addressesInUse(
  provider: ConnectionView['provider'],
  loadBalancer: string[],
  istio: ClusterConnections['istio'],
): string[] {
  if (provider === 'gateway') return [...new Set(loadBalancer)].sort();
  if (provider === 'istio' && istio) {
    return [
      `${istio.eastWestGateway}:${
        istio.eastWestPort ?? DEFAULT_EAST_WEST_PORT
      }`,
    ];
  }
  return [];
}

/**
 * A service's connections as the API serves them: what its current version
 * and decision render (the same {@link renderConnections} the sync applies,
 * with the gateway addresses the clusters reported) joined with what the
 * last sync saw of each object in each cluster. Absent when the service has
 * nothing to connect: compute runs next to its data, nothing is monitored.
 */
export function connectionsView(input: {
  service: StoredService;
  status: ServiceSyncStatus;
  fleet: Fleet;
  /** The sync's resource interpreters (the built-in ones when absent). */
  interpreters?: readonly ResourceInterpreter[];
}): ServiceConnectionsView | undefined {
  const { service, status, fleet } = input;
  const decision = service.decision;
  if (!decision?.satisfiable) return undefined;
  let desired;
  try {
    desired = new Map(
      fleet.clusters.map(c => [
        c.name,
        renderClusterManifests({
          service: service.spec,
          decision,
          cluster: c.name,
          interpreters: input.interpreters,
        }),
      ]),
    );
  } catch {
    // A version that does not render is reported by the sync status.
    return undefined;
  }
  const recorded = recordedObjects(status);
  const loadBalancers = new Map<string, string[]>();
  for (const cluster of status.clusters) {
    for (const o of cluster.objects) {
      if (o.addresses?.length) {
        loadBalancers.set(
          loadBalancerKey(cluster.cluster, o.namespace ?? 'default', o.name),
          o.addresses,
        );
      }
    }
  }
  const rendered = renderConnections({
    service: service.spec,
    fleet,
    desired,
    loadBalancers,
  });

  const held = (cluster: string, manifest: OperationManifest) => {
    const { kind, apiVersion } = manifest;
    const { name, namespace } = manifest.metadata;
    const found = recorded.pending.has(cluster)
      ? undefined
      : recorded.objects.get(cluster)?.get(objectKey(kind, namespace, name));
    const object: ConnectionObject = {
      cluster,
      apiVersion,
      kind,
      ...(namespace ? { namespace } : {}),
      name,
      state: found?.state ?? 'Pending',
      ...(found?.message ? { message: found.message } : {}),
    };
    return { object, addresses: found?.addresses ?? [] };
  };
  const objectsIn = (
    cluster: string,
    keep: (m: OperationManifest) => boolean,
  ) =>
    (rendered.objects.get(cluster) ?? [])
      .filter(keep)
      .map(m => held(cluster, m));
  const profiles = new Map(fleet.clusters.map(c => [c.name, c]));

  const access = rendered.connections.map((c): ServiceAccessView => {
    const routing = objectsIn(
      c.from,
      m => !TRUST_KINDS.has(m.kind) && !OBSERVABILITY_KINDS.has(m.kind),
    );
    const exports = objectsIn(c.to, m =>
      EXPORT_KINDS[c.provider].includes(m.kind),
    );
    const istio = profiles.get(c.to)?.connections?.istio;
    const addresses = addressesInUse(
      c.provider,
      exports.flatMap(e => e.addresses),
      istio,
    );
    const objects = [...routing, ...exports].map(h => h.object);
    const state =
      c.provider === 'istio' && !istio
        ? {
            state: 'Error' as const,
            message: `${c.to} has no Istio east-west gateway in its connection settings, so ${c.from} cannot reach it through the mesh`,
          }
        : combine(
            objects,
            c.pending
              ? `waiting for the LoadBalancer in ${c.to} to report an address`
              : undefined,
          );
    return {
      from: c.from,
      to: c.to,
      provider: c.provider,
      hosts: c.hosts,
      addresses,
      ...state,
      objects,
    };
  });

  const trust: TrustPairView[] = [];
  const seen = new Set<string>();
  for (const c of rendered.connections) {
    if (!c.trustDomains) continue;
    const key = [c.from, c.to].sort().join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    const side = (cluster: string, peerDomain: string) =>
      objectsIn(
        cluster,
        m =>
          m.kind === 'ClusterSPIFFEID' ||
          (m.kind === 'ClusterFederatedTrustDomain' &&
            (m.spec as { trustDomain?: string }).trustDomain === peerDomain),
      ).map(h => h.object);
    const objects = [
      ...side(c.from, c.trustDomains.to),
      ...side(c.to, c.trustDomains.from),
    ];
    trust.push({
      clusters: [c.from, c.to],
      trustDomains: [c.trustDomains.from, c.trustDomains.to],
      ...combine(objects),
      objects,
    });
  }

  const monitored = rendered.observability.monitored.map(cluster => {
    const objects = objectsIn(
      cluster,
      m => m.kind === 'ServiceMonitor' || m.kind === 'PrometheusAgent',
    ).map(h => h.object);
    const agent = (rendered.objects.get(cluster) ?? []).find(
      m => m.kind === 'PrometheusAgent',
    );
    const push = (
      agent?.spec as
        | { remoteWrite: { url: string; writeRelabelConfigs?: unknown[] }[] }
        | undefined
    )?.remoteWrite[0];
    return {
      cluster,
      ...combine(objects),
      ...(push
        ? {
            remoteWrite: {
              url: push.url,
              // The agent keeps only aggregates when it pushes abroad.
              aggregatesOnly: Boolean(push.writeRelabelConfigs?.length),
            },
          }
        : {}),
      objects,
    };
  });
  const federatedBy = rendered.observability.federatedBy;
  const home = federatedBy && profiles.get(federatedBy)?.labels.jurisdiction;
  const federation: FederationScrapeView[] = federatedBy
    ? (rendered.objects.get(federatedBy) ?? [])
        .filter(m => m.kind === 'ScrapeConfig')
        .map(manifest => {
          const { object } = held(federatedBy, manifest);
          const spec = manifest.spec as {
            params: { 'match[]': string[] };
            staticConfigs: {
              labels: { cluster: string; jurisdiction?: string };
            }[];
          };
          const targets = spec.staticConfigs.map(({ labels }) => ({
            cluster: labels.cluster,
            ...(labels.jurisdiction
              ? { jurisdiction: labels.jurisdiction }
              : {}),
          }));
          return {
            cluster: federatedBy,
            match: spec.params['match[]'].join(', '),
            targets,
            aggregatesOnly: targets.every(t => t.jurisdiction !== home),
            ...combine([object]),
            objects: [object],
          };
        })
    : [];

  if (
    access.length + trust.length + monitored.length + federation.length ===
    0
  ) {
    return undefined;
  }
  return { access, trust, observability: { monitored, federation } };
}
