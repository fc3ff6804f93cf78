import { ClusterBackoff } from '../cluster/ClusterBackoff';
import { SyncEngine } from './SyncEngine';
import { SyncService, SyncServiceOptions } from './SyncService';

/**
 * A SyncService with its engine, wired as the plugin, the benchmarks and the
 * test harnesses all wire it: the engine keeps the service's inventory and
 * reads live objects through the service's interpreters.
 */
export function createSyncService(
  options: Omit<SyncServiceOptions, 'engine'> & {
    /** Concurrent writes per cluster. */
    concurrencyPerCluster: number;
    /** The first and the longest wait before a failing cluster is tried again. */
    backoff: { initialMs: number; maxMs: number };
  },
): SyncService {
  const { concurrencyPerCluster, backoff, ...service } = options;
  return new SyncService({
    ...service,
    engine: new SyncEngine({
      concurrencyPerCluster,
      backoff: new ClusterBackoff(backoff),
      inventory: service.inventory,
      interpreters: service.interpreters,
    }),
  });
}
