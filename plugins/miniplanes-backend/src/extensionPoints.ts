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
 * placed only where one replica fits, and waited for by staged rollouts
 * until healthy.
 *
 * @public
 */
export interface MiniplanesExtensionPoint {
  addClusterSupplier(supplier: MiniplanesClusterSupplier): void;
  addPlacementPlugin(plugin: PlacementPlugin): void;
  /** An operator profile; one of the same name as a built-in replaces it. */
  addOperatorProfile(profile: OperatorProfile): void;
  /**
   * How a kind reports and takes replicas and health, and what one replica
   * asks of a cluster (placement counts it); one that matches a built-in
   * kind replaces the built-in interpreter. Interpreters decide replica
   * counts, sizes and health only: a size can keep a kind off a cluster
   * without room for it, nothing an interpreter says lets anything run
   * where placement would not put it.
   */
  addResourceInterpreter(interpreter: ResourceInterpreter): void;
}

/** @public */
export const miniplanesExtensionPoint =
  createExtensionPoint<MiniplanesExtensionPoint>({
    id: 'miniplanes',
  });
