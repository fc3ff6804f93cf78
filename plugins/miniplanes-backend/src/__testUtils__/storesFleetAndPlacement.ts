import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { FleetService } from '../fleet/FleetService';
import { MiniplanesClusterSupplier } from '../fleet/types';
import { PlacementService } from '../placement/PlacementService';
import { DatabaseClusterHealthStore } from '../store/DatabaseClusterHealthStore';
import { DatabaseClusterStatusStore } from '../store/DatabaseClusterStatusStore';
import { DatabaseInventoryStore } from '../store/DatabaseInventoryStore';
import { DatabaseMiniplanesStore } from '../store/DatabaseMiniplanesStore';
import { DatabaseRolloutStore } from '../store/DatabaseRolloutStore';

/**
 * The lower half of a test backend, wired as the plugin wires it: the
 * stores over the test's database, the fleet its locator finds, and
 * placement with the given failover grace period, all on the test's clock.
 */
export async function storesFleetAndPlacement(options: {
  knex: Knex;
  config: RootConfigService;
  logger: LoggerService;
  locator: MiniplanesClusterSupplier;
  now: () => Date;
  gracePeriodMs: number;
}) {
  const { config, logger, locator, now, gracePeriodMs } = options;
  const database = mockServices.database({ knex: options.knex });
  const store = await DatabaseMiniplanesStore.create({ database, now });
  const statusStore = await DatabaseClusterStatusStore.create({ database });
  const inventory = await DatabaseInventoryStore.create({ database, now });
  const fleet = FleetService.create({
    config,
    logger,
    suppliers: [locator],
    now,
    healthStore: await DatabaseClusterHealthStore.create({ database, now }),
  });
  const placement = new PlacementService(store, fleet, undefined, undefined, {
    gracePeriodMs,
    now,
  });
  const rollouts = await DatabaseRolloutStore.create({ database });
  return {
    database,
    store,
    statusStore,
    inventory,
    fleet,
    placement,
    rollouts,
  };
}
