import { ClusterClient, ClusterConnection } from './ClusterClient';
import {
  KubernetesClusterClient,
  KubernetesClusterClientOptions,
} from './KubernetesClusterClient';

/** How long a watched list is trusted without a fresh list, unless configured. */
const DEFAULT_WATCH_MAX_AGE_MS = 180_000;

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
      /** A watched list is listed afresh at least this often (default: `miniplanes.sync.relistInterval`'s). */
      watchMaxAgeMs?: number;
      create?: (
        connection: ClusterConnection,
        options: KubernetesClusterClientOptions,
      ) => Promise<ClusterClient>;
    },
  ) {}

  get(connection: ClusterConnection): Promise<ClusterClient> {
    const key = JSON.stringify(connection);
    const cached = this.clients.get(connection.name);
    if (cached?.key === key) return cached.client;
    if (cached) stopWhenCreated(cached.client);
    const create = this.options.create ?? KubernetesClusterClient.create;
    const client = create(connection, {
      timeoutMs: this.options.timeoutMs,
      watchMaxAgeMs: this.options.watchMaxAgeMs ?? DEFAULT_WATCH_MAX_AGE_MS,
    });
    this.clients.set(connection.name, { key, client });
    return client;
  }

  /** Ends every client's watches (at shutdown). */
  stop() {
    for (const { client } of this.clients.values()) stopWhenCreated(client);
    this.clients.clear();
  }
}

function stopWhenCreated(client: Promise<ClusterClient>) {
  client.then(
    c => c.stop(),
    () => {},
  );
}
