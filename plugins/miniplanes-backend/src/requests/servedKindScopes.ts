import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { ClusterClient, ClusterConnection } from '../cluster/ClusterClient';
import { ServedScope, undefinedCustomKinds } from './privilegedObjects';

/** How long what the clusters said of a kind is trusted: a filing and its retries ask once. */
const DEFAULT_TTL_MS = 60_000;

/**
 * Asks the connected clusters (API discovery) how they serve the custom
 * kinds a version applies without defining them, so that filing knows a
 * cluster-scoped kind whose CustomResourceDefinition someone installed in
 * the clusters. The strictest answer wins: cluster-scoped in one cluster is
 * cluster-wide power there. An unreachable cluster is skipped; a kind no
 * cluster serves is left out (the caller treats it as cluster-wide); with
 * no cluster connected there is nobody to ask.
 */
export class ServedKindScopes {
  private readonly cache = new Map<
    string,
    { scope: ServedScope | undefined; at: number }
  >();

  constructor(
    private readonly options: {
      fleet: {
        connectedClusters(): string[];
        connection(name: string): ClusterConnection | undefined;
      };
      clients: { get(connection: ClusterConnection): Promise<ClusterClient> };
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  /**
   * How the clusters serve the version's undefined custom kinds, by
   * `group/Kind`; undefined when no cluster is connected to ask.
   */
  async of(
    spec: FederatedService,
  ): Promise<Map<string, ServedScope> | undefined> {
    if (this.options.fleet.connectedClusters().length === 0) return undefined;
    const served = new Map<string, ServedScope>();
    for (const [key, apiVersion] of undefinedCustomKinds(spec)) {
      const scope = await this.scopeOf(key, apiVersion);
      if (scope) served.set(key, scope);
    }
    return served;
  }

  private async scopeOf(
    key: string,
    apiVersion: string,
  ): Promise<ServedScope | undefined> {
    const now = this.options.now?.() ?? Date.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < (this.options.ttlMs ?? DEFAULT_TTL_MS))
      return cached.scope;
    const kind = key.slice(key.lastIndexOf('/') + 1);
    const { fleet, clients } = this.options;
    const answers = await Promise.all(
      fleet.connectedClusters().map(async name => {
        const connection = fleet.connection(name);
        if (!connection) return undefined;
        try {
          return await (
            await clients.get(connection)
          ).scopeOf(apiVersion, kind);
        } catch {
          // Unreachable now: the others answer.
          return undefined;
        }
      }),
    );
    let scope: ServedScope | undefined;
    if (answers.includes('Cluster')) scope = 'Cluster';
    else if (answers.includes('Namespaced')) scope = 'Namespaced';
    this.cache.set(key, { scope, at: now });
    return scope;
  }
}
