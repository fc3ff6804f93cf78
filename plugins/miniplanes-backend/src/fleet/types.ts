import {
  ClusterProfile,
  IgnoredClusterLabel,
} from '@miniplanes/plugin-miniplanes-common';
import { ClusterConnection } from '../cluster/ClusterClient';

/**
 * A cluster a locator found: where it is and how to reach it. The
 * connection holds credentials and never leaves the backend.
 *
 * @public
 */
export interface LocatedCluster {
  name: string;
  title?: string;
  connection?: ClusterConnection;
  /**
   * Profile data the locator knows (the catalog entity's labels and
   * capabilities); it overrides the fleet file and is overridden by
   * `miniplanes.clusters.<name>`.
   */
  profile?: Partial<Pick<ClusterProfile, 'labels' | 'capabilities'>>;
  /** Where the profile comes from, as the fleet page names it. */
  source?: string;
  /** Sovereignty labels the source offered and the fleet did not take. */
  ignoredLabels?: IgnoredClusterLabel[];
}

/**
 * Supplies clusters to the fleet, added through the miniplanes extension
 * point; the demo backend adds one for its simulated fleet.
 *
 * @public
 */
export interface MiniplanesClusterSupplier {
  getClusters(): Promise<LocatedCluster[]>;
}
