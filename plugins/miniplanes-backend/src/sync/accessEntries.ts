import { DesiredObject } from './planClusterSync';
import { KubeObject } from '../cluster/objectIdentity';

/**
 * The DNS name under which a data cluster exports a service, following the
 * Kubernetes Multi-Cluster Services convention for one cluster's endpoints:
 * `<cluster>.<service>.<namespace>.svc.clusterset.local`.
 */
export function exportedServiceHost(
  dataCluster: string,
  service: string,
  namespace: string,
): string {
  return `${dataCluster}.${service}.${namespace}.svc.clusterset.local`;
}

/**
 * Where compute runs in a cluster that holds none of the service's data, it
 * still has to reach the data: for every Service in front of the data, the
 * compute cluster gets a selector-less Service of the same name and ports,
 * and an EndpointSlice pointing at each data cluster's exported endpoint
 * (the "federated service" of Kubernetes Federation v2). Compute code keeps
 * using the plain in-cluster name.
 */
export function accessEntries(
  desiredByCluster: Map<string, DesiredObject[]>,
): Map<string, DesiredObject[]> {
  const dataServices = new Map<
    string,
    { cluster: string; service: KubeObject }[]
  >();
  for (const [cluster, objects] of desiredByCluster) {
    for (const { role, manifest } of objects) {
      if (role !== 'data' || manifest.kind !== 'Service') continue;
      const key = `${manifest.metadata.namespace ?? 'default'}/${
        manifest.metadata.name
      }`;
      dataServices.set(key, [
        ...(dataServices.get(key) ?? []),
        { cluster, service: manifest },
      ]);
    }
  }

  const result = new Map<string, DesiredObject[]>();
  for (const [cluster, objects] of desiredByCluster) {
    const holdsData = objects.some(o => o.role === 'data');
    const runsCompute = objects.some(o => o.role === 'compute');
    if (holdsData || !runsCompute) continue;
    const entries: DesiredObject[] = [];
    for (const sources of dataServices.values()) {
      entries.push(...entriesFor(sources));
    }
    if (entries.length > 0) result.set(cluster, entries);
  }
  return result;
}

function entriesFor(
  sources: { cluster: string; service: KubeObject }[],
): DesiredObject[] {
  const { service } = sources[0];
  const namespace = service.metadata.namespace ?? 'default';
  const name = service.metadata.name;
  const labels = service.metadata.labels ?? {};
  const accessLabels = { ...labels, 'miniplanes.io/role': 'access' };
  const ports = (
    (service.spec as { ports?: Record<string, unknown>[] } | undefined)
      ?.ports ?? []
  ).map(p => ({
    ...(p.name ? { name: p.name } : {}),
    port: p.port,
    protocol: p.protocol ?? 'TCP',
  }));
  return [
    {
      role: 'access',
      manifest: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name,
          namespace,
          labels: accessLabels,
          annotations: {
            'miniplanes.io/data-clusters': sources
              .map(s => s.cluster)
              .sort()
              .join(','),
          },
        },
        spec: { ports },
      },
    },
    {
      role: 'access',
      manifest: {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: `${name}-miniplanes`,
          namespace,
          labels: { ...accessLabels, 'kubernetes.io/service-name': name },
        },
        addressType: 'FQDN',
        ports: ports.map(p => ({
          ...(p.name ? { name: p.name } : {}),
          port: p.port,
          protocol: p.protocol,
        })),
        endpoints: sources
          .map(s => s.cluster)
          .sort()
          .map(cluster => ({
            addresses: [exportedServiceHost(cluster, name, namespace)],
            conditions: { ready: true },
          })),
      },
    },
  ];
}
