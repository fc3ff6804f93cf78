/* eslint-disable @backstage/no-undeclared-imports, no-restricted-imports -- benchmarks are not shipped: they run on devDependencies and the tests' wiring helpers */
import { renderClusterManifests } from '@miniplanes/plugin-miniplanes-common';
import { KubeObject } from '../cluster/objectIdentity';
import { KubernetesClusterClient } from '../cluster/KubernetesClusterClient';
import { locatedSimulatedCluster } from '../__testUtils__/simulatedClusters';
import { StoredService } from '../store/MiniplanesStore';
import { RemoteCluster } from './fleetProcess';

/**
 * The bare-write floor the sync is measured against: a plain loop that
 * writes exactly the objects the stored decisions need (namespaces first),
 * with the same client and the same writes in flight per cluster, into an
 * empty fleet: by server-side apply, or by create (as the sync writes an
 * object new to it, so that it cannot write over one someone else made).
 * Returns how many objects it wrote.
 */
export async function bareWriteFloor(
  services: StoredService[],
  fleet: { clusters: RemoteCluster[] },
  concurrencyPerCluster: number,
  { write }: { write: 'apply' | 'create' },
): Promise<number> {
  const perCluster = new Map<string, KubeObject[]>();
  for (const { spec, decision } of services) {
    if (!decision) continue;
    for (const cluster of fleet.clusters) {
      const rendered = renderClusterManifests({
        service: spec,
        decision,
        cluster: cluster.name,
      });
      if (!rendered.length) continue;
      const list = perCluster.get(cluster.name) ?? [];
      list.push(...rendered.map(r => r.manifest as KubeObject));
      perCluster.set(cluster.name, list);
    }
  }
  const written = await Promise.all(
    fleet.clusters.map(async cluster => {
      const objects = perCluster.get(cluster.name) ?? [];
      const client = await KubernetesClusterClient.create(
        locatedSimulatedCluster(cluster).connection!,
        { timeoutMs: 30_000, watchMaxAgeMs: 180_000 },
      );
      const namespaces = [
        ...new Set(objects.map(o => o.metadata.namespace).filter(Boolean)),
      ];
      await Promise.all(
        namespaces.map(name =>
          client.apply({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: name! },
          }),
        ),
      );
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrencyPerCluster }, async () => {
          while (next < objects.length) {
            const object = objects[next++];
            if (write === 'create') await client.create(object);
            else await client.apply(object);
          }
        }),
      );
      return namespaces.length + objects.length;
    }),
  );
  return written.reduce((a, b) => a + b, 0);
}
