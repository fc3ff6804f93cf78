import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  miniplanesPermissions,
  OperatorProfile,
  PlacementPlugin,
  placementPlugins,
  ResourceInterpreter,
  withBuiltinInterpreters,
} from '@miniplanes/plugin-miniplanes-common';
import { miniplanesExtensionPoint } from './extensionPoints';
import {
  readBackupStaleAfterMs,
  readOperatorProfiles,
} from './placement/readOperatorProfiles';
import { CatalogClusterLocator } from './fleet/catalogClusterLocator';
import { FleetService } from './fleet/FleetService';
import { observeFleetHealth } from './fleet/observeFleetHealth';
import { MiniplanesClusterSupplier } from './fleet/types';
import { readApproverGroup } from './permissions/approverGroup';
import { AutomationRequesters } from './permissions/AutomationRequesters';
import { createRouter } from './router/router';
import { PlacementService } from './placement/PlacementService';
import { PortalSignals } from './lib/PortalSignals';
import { RequestMetrics } from './requests/RequestMetrics';
import { RequestNotifier } from './requests/RequestNotifier';
import { KindPolicy } from './requests/KindPolicy';
import { RequestService } from './requests/RequestService';
import { ServedKindScopes } from './requests/servedKindScopes';
import { loadSeedRequests } from './requests/loadSeedRequests';
import { loadSeedServices } from './requests/loadSeedServices';
import { DatabaseMiniplanesStore } from './store/DatabaseMiniplanesStore';
import { DatabaseClusterStatusStore } from './store/DatabaseClusterStatusStore';
import { DatabaseInventoryStore } from './store/DatabaseInventoryStore';
import { findStoredSecrets } from './store/findStoredSecrets';
import { DatabaseSovereigntyStore } from './store/DatabaseSovereigntyStore';
import { DatabaseClusterHealthStore } from './store/DatabaseClusterHealthStore';
import { DatabaseRolloutStore } from './store/DatabaseRolloutStore';
import { RolloutControl } from './sync/RolloutControl';
import { readRequestDeadlines } from './requests/readRequestDeadlines';
import { reevaluateFleet } from './requests/reevaluateFleet';
import { ClusterClientPool } from './cluster/ClusterClientPool';
import { readSyncConfig } from './sync/readSyncConfig';
import { startSync } from './sync/startSync';
import { SyncMetrics } from './sync/SyncMetrics';

/**
 * The miniplanes backend plugin: the fleet, the store, the REST API, the
 * scheduled fleet refresh and the scheduled multi-cluster sync. Wiring only; the parts live in their own modules.
 *
 * @public
 */
export const miniplanesPlugin = createBackendPlugin({
  pluginId: 'miniplanes',
  register(env) {
    const suppliers: MiniplanesClusterSupplier[] = [];
    const extraPlugins: PlacementPlugin[] = [];
    const extraProfiles: OperatorProfile[] = [];
    const extraInterpreters: ResourceInterpreter[] = [];
    env.registerExtensionPoint(miniplanesExtensionPoint, {
      addClusterSupplier: supplier => suppliers.push(supplier),
      addPlacementPlugin: plugin => extraPlugins.push(plugin),
      addOperatorProfile: profile => extraProfiles.push(profile),
      addResourceInterpreter: interpreter =>
        extraInterpreters.push(interpreter),
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        metrics: metricsServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        auth,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        scheduler,
        lifecycle,
        catalog,
        notifications,
        signals,
        metrics,
      }) {
        const syncConfig = readSyncConfig(config);
        const store = await DatabaseMiniplanesStore.create({ database });
        const statusStore = await DatabaseClusterStatusStore.create({
          database,
        });
        const inventory = await DatabaseInventoryStore.create({ database });
        // What its objects carry (miniplanes.io/installation): where
        // operators look it up, to select this installation's objects.
        logger.info(
          `miniplanes installation ${await inventory.installation()}`,
        );
        const sovereignty = await DatabaseSovereigntyStore.create({
          database,
        });
        const fleet = FleetService.create({
          config,
          logger,
          healthStore: await DatabaseClusterHealthStore.create({ database }),
          sovereigntyStore: sovereignty,
          suppliers: [
            CatalogClusterLocator.fromConfig({ config, catalog, auth, logger }),
            ...suppliers,
          ],
        });
        // The built-in plugins, then those modules add: without any, the
        // engine evaluates the whole fleet at once on its fast path.
        const plugins = extraPlugins.length
          ? [...placementPlugins.defaultPlacementPlugins, ...extraPlugins]
          : undefined;
        const profiles = readOperatorProfiles(config, extraProfiles);
        const interpreters = withBuiltinInterpreters(extraInterpreters);
        const placement = new PlacementService(
          store,
          fleet,
          plugins,
          profiles,
          { gracePeriodMs: syncConfig.failoverGracePeriodMs },
          interpreters,
        );
        const notifier = new RequestNotifier({
          notifications,
          logger,
          approverGroup: readApproverGroup(config),
        });
        const rollouts = await DatabaseRolloutStore.create({ database });
        const clients = new ClusterClientPool({
          timeoutMs: syncConfig.callTimeoutMs,
          watchMaxAgeMs: syncConfig.relistIntervalMs,
        });
        lifecycle.addShutdownHook(() => clients.stop());
        const requestMetrics = new RequestMetrics(metrics);
        requestMetrics.observePending(() => store.countRequests('pending'));
        const requests = new RequestService({
          store,
          placement,
          notifier,
          auditor,
          statusStore,
          inventory,
          deadlines: readRequestDeadlines(config),
          kinds: KindPolicy.fromConfig(config),
          rollouts,
          servedScopes: new ServedKindScopes({ fleet, clients }),
          interpreters,
          metrics: requestMetrics,
        });

        const rolloutControl = new RolloutControl({ store, rollouts });
        const syncWiring = {
          rollouts,
          gates: notifier,
          profiles,
          interpreters,
          backupStaleAfterMs: readBackupStaleAfterMs(config),
          store,
          statusStore,
          inventory,
          fleet,
          requests,
          logger,
          clients,
          concurrencyPerCluster: syncConfig.concurrencyPerCluster,
          backoff: { initialMs: 1000, maxMs: 60_000 },
          portal: config.getOptionalString('app.baseUrl'),
          metrics: new SyncMetrics(metrics),
        };

        for (const secret of await findStoredSecrets(store)) {
          logger.error(
            `${secret.entityRef}: ${secret.where} carries secret values at ${secret.path}, stored before miniplanes refused them; rotate that secret and file a version that references it instead`,
          );
        }
        observeFleetHealth(metrics, fleet);
        await fleet.refresh();
        // A deployment that layers its config on the demo's turns seeds off.
        if (config.getOptionalBoolean('miniplanes.seed.enabled') ?? true) {
          const seed = config.getOptionalString('miniplanes.seed.directory');
          if (seed)
            await loadSeedServices(
              seed,
              { store, placement, requests },
              logger,
            );
          const seedRequests = config.getOptionalString(
            'miniplanes.seed.requests',
          );
          if (seedRequests)
            await loadSeedRequests(seedRequests, requests, logger);
        }

        permissionsRegistry.addPermissions(miniplanesPermissions);
        // The router authenticates every caller itself, so that its own
        // error handler answers 401s too (see createRouter).
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        httpRouter.use(
          await createRouter({
            logger,
            auth,
            httpAuth,
            permissions,
            catalog,
            auditor,
            store,
            statusStore,
            inventory,
            fleet,
            sovereignty,
            placement,
            requests,
            rollouts: rolloutControl,
            interpreters,
            automation: AutomationRequesters.fromConfig(config),
          }),
        );

        await scheduler.scheduleTask({
          id: 'miniplanes-fleet-refresh',
          frequency: {
            seconds:
              config.getOptionalNumber('miniplanes.health.intervalSeconds') ??
              15,
          },
          timeout: { minutes: 1 },
          // Every replica keeps its own view of cluster health.
          scope: 'local',
          fn: () => reevaluateFleet({ fleet, placement, requests }),
        });

        // One pass at a time a shard across replicas: the scheduled one, and
        // those an approval starts at once instead of waiting for the scheduler.
        const sync = await startSync({
          wiring: syncWiring,
          config: syncConfig,
          database,
          scheduler,
          store,
          logger,
        });
        lifecycle.addShutdownHook(() => sync.stop());
        const { kick } = sync;
        const passNow = (entityRef: string) =>
          sync.runNow(entityRef).then(
            ran => ran || kick(),
            error => {
              logger.warn(`Sync of ${entityRef} failed: ${error.message}`);
              kick();
            },
          );
        // Approved versions reach the clusters at once; fleet changes with
        // the next scheduled pass, asked for now.
        requests.onApproved(passNow);
        placement.onChange(() => kick());
        // An opened gate, a pause or an abort is carried out at once.
        rolloutControl.onChange(passNow);

        // The portal's open pages reload what changed.
        const portal = new PortalSignals({ signals, logger });
        placement.onChange(entityRef => portal.serviceChanged(entityRef));
        for (const shard of sync.syncs)
          shard.onStatusChange(entityRef => portal.serviceChanged(entityRef));
        rolloutControl.onChange(entityRef => portal.serviceChanged(entityRef));
        requests.onChange(entityRef => {
          portal.serviceChanged(entityRef);
          portal.requestsChanged(entityRef);
        });
      },
    });
  },
});
