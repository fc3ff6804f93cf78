import { ClusterStatusState, ServiceSyncState } from '../../api';

/** How a state is shown: Backstage's status tones. */
export type SyncTone = 'ok' | 'running' | 'pending' | 'warning' | 'error';

/** What each service state means for its owner, and what to do about it. */
export const SERVICE_SYNC_STATES: Record<
  ServiceSyncState,
  { tone: SyncTone; meaning: string }
> = {
  InSync: {
    tone: 'ok',
    meaning:
      'Every placed cluster runs the current spec with its replicas ready; nothing to do.',
  },
  Progressing: {
    tone: 'running',
    meaning:
      'Changes are rolling out or replicas are getting ready; this settles by itself. If it lasts, check the Ready and Sync columns below.',
  },
  Drifted: {
    tone: 'warning',
    meaning:
      'A member cluster was changed outside miniplanes; the next sync restores it. Make lasting changes with a placement request.',
  },
  Degraded: {
    tone: 'warning',
    meaning:
      'Some clusters failed to sync while the others are fine; the sync retries them with backoff. Their errors are in the Sync column below.',
  },
  Error: {
    tone: 'error',
    meaning:
      'Nothing placed could be synced; nothing changes in the clusters until the error below is fixed (cluster access or health, or the placement policy).',
  },
};

/** How a cluster's state reads in the table, and a connection's (a subset of these states). */
export const CLUSTER_SYNC_STATES: Record<
  ClusterStatusState,
  { tone: SyncTone; label: string }
> = {
  InSync: { tone: 'ok', label: 'in sync' },
  Progressing: { tone: 'running', label: 'progressing' },
  Drifted: { tone: 'warning', label: 'drift restored' },
  Pending: { tone: 'pending', label: 'pending' },
  BackingOff: { tone: 'error', label: 'backing off' },
  Error: { tone: 'error', label: 'error' },
};
