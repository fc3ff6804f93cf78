import { RolloutState } from '@miniplanes/plugin-miniplanes-common';
import { StoredService } from '../store/MiniplanesStore';
import { SyncVersion, VersionTarget } from './syncTargets';

/** What a pass makes of one service: the version it syncs, and why not the current one. */
export interface ServicePass {
  service: StoredService;
  /** The version synced: the current one, or the last good one. */
  synced?: VersionTarget & { ok: true };
  version?: SyncVersion;
  /** Why the current version is not the one synced. */
  currentFailure?: { reason: string; persistent: boolean };
  /** The staged rollout of the current version, while it runs. */
  rollout?: RolloutState;
}
