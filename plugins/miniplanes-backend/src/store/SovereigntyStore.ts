import { SovereigntyChange } from '@miniplanes/plugin-miniplanes-common';

/** A cluster's sovereignty label as the fleet sees it now. */
export interface ObservedSovereigntyLabel {
  cluster: string;
  label: string;
  /** Undefined when no source sets it. */
  value?: string;
  /** What set the value. */
  source?: string;
}

/** Where the fleet keeps its clusters' sovereignty labels and their changes. */
export interface SovereigntyStore {
  /**
   * Records what the fleet sees and returns the changes it recorded: each
   * once, even when several replicas observe the same change.
   */
  observe(labels: ObservedSovereigntyLabel[]): Promise<SovereigntyChange[]>;
  /** The recorded changes, newest first. */
  listChanges(options?: { limit?: number }): Promise<SovereigntyChange[]>;
}
