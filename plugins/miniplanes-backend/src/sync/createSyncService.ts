import { ClusterBackoff } from '../cluster/ClusterBackoff';
import { SyncEngine } from './SyncEngine';
import { SyncService, SyncServiceOptions } from './SyncService';
import { allShards } from '../store/syncShards';

/** What the sync is built from, as the plugin, the benchmarks and the test harnesses wire it. */
export type SyncServiceWiring = Omit<SyncServiceOptions, 'engine' | 'shard'> & {
  /** Concurrent writes per cluster. */
  concurrencyPerCluster: number;
  /** The first and the longest wait before a failing cluster is tried again. */
  backoff: { initialMs: number; maxMs: number };
};

/**
 * A SyncService with its engine: the engine keeps the service's inventory
 * and reads live objects through the service's interpreters.
 */
export function createSyncService(options: SyncServiceWiring): SyncService {
  return createShardedSync({ ...options, shards: 1 })[0];
}

/**
 * One SyncService a shard, in shard order. They share one engine, so a
 * failing cluster's backoff holds for every shard.
 */
export function createShardedSync(
  options: SyncServiceWiring & { shards: number },
): SyncService[] {
  const { concurrencyPerCluster, backoff, shards, ...service } = options;
  const engine = new SyncEngine({
    concurrencyPerCluster,
    backoff: new ClusterBackoff(backoff),
    inventory: service.inventory,
    interpreters: service.interpreters,
    onWritten: service.metrics?.written,
  });
  return allShards(shards).map(
    shard => new SyncService({ ...service, engine, shard }),
  );
}
