import { OperatorProfile } from '../types';

/** The name a data cluster's copy of a CloudNativePG cluster has in `externalClusters`. */
function peerName(resource: string, cluster: string) {
  return `${resource}-${cluster}`;
}

/**
 * CloudNativePG (postgresql.cnpg.io/v1): a distributed topology. Every data
 * cluster runs the same `Cluster`; `spec.replica.primary` names the one that
 * is primary, `spec.replica.self` the local one, and `externalClusters` lists
 * each peer, reached through its read-write service. The operator promotes
 * and demotes as `primary` changes, which is what an approved request does.
 *
 * @public
 */
export const cloudNativePgProfile: OperatorProfile = {
  name: 'cnpg',
  replicates: ['postgresql.cnpg.io/v1/Cluster'],
  renderReplication({ manifest, cluster, primary, peers }) {
    const name = manifest.metadata.name;
    const namespace = manifest.metadata.namespace ?? 'default';
    const spec = (manifest.spec ?? {}) as Record<string, unknown>;
    const others = (
      (spec.externalClusters as { name: string }[] | undefined) ?? []
    ).filter(e => !peers.some(p => e.name === peerName(name, p)));
    return {
      manifest: {
        ...manifest,
        spec: {
          ...spec,
          replica: {
            ...(spec.replica as object | undefined),
            primary: peerName(name, primary),
            self: peerName(name, cluster.name),
            source: peerName(name, primary),
          },
          externalClusters: [
            ...others,
            ...peers.map(peer => ({
              name: peerName(name, peer),
              connectionParameters: {
                host: `${name}-rw.${namespace}.svc.clusterset.local`,
                user: 'streaming_replica',
                dbname: 'postgres',
                sslmode: 'verify-full',
              },
            })),
          ],
        },
      },
      extra: [],
    };
  },
  status: {
    replicationRole: '$.status.replica.role',
    replicationLag: '$.status.replica.lagSeconds',
    healthy: '$.status.readyInstances',
  },
};
