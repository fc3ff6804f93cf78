import { ClusterClient, ClusterConnection } from './ClusterClient';
import { KubernetesClusterClient } from './KubernetesClusterClient';

/**
 * One client per member cluster, kept across syncs so discovery is cached;
 * replaced when the cluster's connection (address or credentials) changes.
 */
export class ClusterClientPool {
  private readonly clients = new Map<
    string,
    { key: string; client: Promise<ClusterClient> }
  >();

  constructor(
    private readonly options: {
      timeoutMs: number;
      create?: (
        connection: ClusterConnection,
        options: { timeoutMs: number },
      ) => Promise<ClusterClient>;
    },
  ) {}

  get(connection: ClusterConnection): Promise<ClusterClient> {
    const key = JSON.stringify(connection);
    const cached = this.clients.get(connection.name);
    if (cached?.key === key) return cached.client;
    const create = this.options.create ?? KubernetesClusterClient.create;
    const client = create(connection, { timeoutMs: this.options.timeoutMs });
    this.clients.set(connection.name, { key, client });
    return client;
  }
}
