import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  OperatorProfile,
  PlacementPlugin,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { MiniplanesClusterSupplier } from './fleet/types';

/**
 * Lets backend modules add clusters to miniplanes' fleet (the demo adds its
 * simulated fleet), placement plugins to its pipeline, and operator
 * profiles that carry out data operations (backups, replication) with the
 * custom resources of the operators their clusters run, and resource
 * interpreters that make a custom kind a workload: divided among clusters,
 * and waited for by staged rollouts until healthy.
 *
 * @public
 */
export interface MiniplanesExtensionPoint {
  addClusterSupplier(supplier: MiniplanesClusterSupplier): void;
  addPlacementPlugin(plugin: PlacementPlugin): void;
  /** An operator profile; one of the same name as a built-in replaces it. */
  addOperatorProfile(profile: OperatorProfile): void;
  /**
   * How a kind reports and takes replicas and health; one that matches a
   * built-in kind replaces the built-in interpreter. Interpreters decide
   * replica counts and health only, never where anything may run.
   */
  addResourceInterpreter(interpreter: ResourceInterpreter): void;
}

/** @public */
export const miniplanesExtensionPoint =
  createExtensionPoint<MiniplanesExtensionPoint>({
    id: 'miniplanes',
  });
