import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ClusterClientPool } from '../cluster/ClusterClientPool';
import { RequestMetrics } from '../requests/RequestMetrics';
import { RequestNotifier } from '../requests/RequestNotifier';
import { RequestService } from '../requests/RequestService';
import { ServedKindScopes } from '../requests/servedKindScopes';
import {
  createSyncService,
  SyncServiceWiring,
} from '../sync/createSyncService';
import { SyncMetrics } from '../sync/SyncMetrics';
import { storesFleetAndPlacement } from './storesFleetAndPlacement';

/**
 * The upper half of a test backend, wired as the plugin wires it on the
 * lower half `storesFleetAndPlacement` opened: the requests, whose
 * notifications go to the platform team, and the sync (8 writes in flight
 * per cluster) through the given cluster clients, on the test's clock.
 * `syncWiring` builds the sync again, split into shards (see startSync).
 */
export function requestsAndSync(
  options: Awaited<ReturnType<typeof storesFleetAndPlacement>> & {
    logger: LoggerService;
    now: () => Date;
    notifications: NotificationService;
    auditor: AuditorService;
    clients: ClusterClientPool;
    /** How the clusters serve custom kinds; unasked when absent. */
    servedScopes?: ServedKindScopes;
    /** The first and the longest wait before a failing cluster is tried again. */
    backoff: { initialMs: number; maxMs: number };
    /** The portal's address, as `app.baseUrl` gives the plugin. */
    portal?: string;
    /** Where the sync and the requests record their metrics; none when absent. */
    metrics?: MetricsService;
  },
) {
  const { store, statusStore, inventory, fleet, placement, rollouts } = options;
  const { logger, now, clients } = options;
  const notifier = new RequestNotifier({
    notifications: options.notifications,
    logger,
    approverGroup: 'group:default/platform-team',
  });
  const requests = new RequestService({
    store,
    statusStore,
    placement,
    notifier,
    auditor: options.auditor,
    inventory,
    rollouts,
    servedScopes: options.servedScopes,
    ...(options.metrics
      ? { metrics: new RequestMetrics(options.metrics) }
      : {}),
    now,
  });
  const syncWiring: SyncServiceWiring = {
    store,
    statusStore,
    inventory,
    rollouts,
    gates: notifier,
    fleet,
    requests,
    logger,
    now,
    clients,
    concurrencyPerCluster: 8,
    backoff: options.backoff,
    portal: options.portal,
    ...(options.metrics ? { metrics: new SyncMetrics(options.metrics) } : {}),
  };
  return { requests, sync: createSyncService(syncWiring), syncWiring };
}
