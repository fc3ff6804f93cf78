import { RolloutState } from '@miniplanes/plugin-miniplanes-common';

/** Where each service's staged rollout is kept between sync passes. */
export interface RolloutStore {
  /** The rollouts of the given services (all when absent), by entity ref. */
  list(entityRefs?: string[]): Promise<Map<string, RolloutState>>;
  /**
   * Replaces a service's rollout if it is still `expected` (undefined: none
   * yet), and tells whether it did: the sync advancing a rollout and a person
   * opening its gate never overwrite each other.
   */
  put(
    entityRef: string,
    state: RolloutState,
    expected: RolloutState | undefined,
  ): Promise<boolean>;
}
