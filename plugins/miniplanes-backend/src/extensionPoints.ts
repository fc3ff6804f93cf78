import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { PlacementPlugin } from '@miniplanes/plugin-miniplanes-common';
import { MiniplanesClusterSupplier } from './fleet/types';

/**
 * Lets backend modules add clusters to miniplanes' fleet (the demo adds its
 * simulated fleet) and placement plugins to its pipeline.
 *
 * @public
 */
export interface MiniplanesExtensionPoint {
  addClusterSupplier(supplier: MiniplanesClusterSupplier): void;
  addPlacementPlugin(plugin: PlacementPlugin): void;
}

/** @public */
export const miniplanesExtensionPoint =
  createExtensionPoint<MiniplanesExtensionPoint>({
    id: 'miniplanes',
  });
