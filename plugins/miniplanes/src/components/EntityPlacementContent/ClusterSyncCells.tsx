import Chip from '@material-ui/core/Chip';
import { formatCount } from '@miniplanes/plugin-miniplanes-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { memo } from 'react';
import { ClusterSyncStatus } from '../../api';
import { describeObjectRef, formatRelativeTime } from '../format';
import { CLUSTER_SYNC_STATES } from './syncStates';
import { SyncStatusText } from './SyncStatusText';
import { NO_BREAK_SPACE, unbroken } from '../cellStyles';

// Memoized: a table of hundreds of clusters re-renders its cells often.

/** Ready compute replicas out of those desired. */
export const ReadyCell = memo(function Ready(props: {
  sync?: ClusterSyncStatus;
}) {
  const { sync } = props;
  if (sync?.desiredReplicas === undefined) return <>—</>;
  return (
    <>
      {sync.readyReplicas ?? 0}/{sync.desiredReplicas}
    </>
  );
});

/** The cluster's sync state, when it was last synced, and its last error. */
export const SyncCell = memo(function SyncState(props: {
  sync?: ClusterSyncStatus;
}) {
  const { sync } = props;
  if (!sync) return <>—</>;
  const { tone, label } = CLUSTER_SYNC_STATES[sync.state];
  const when = sync.lastSyncAt
    ? formatRelativeTime(sync.lastSyncAt)
    : 'never synced';
  return (
    <>
      {/* The state and when each stay whole; a narrow column breaks the
          line between them, not inside either. */}
      <div>
        <SyncStatusText tone={tone}>
          {`${unbroken(label)}${NO_BREAK_SPACE}· ${unbroken(when)}`}
        </SyncStatusText>
      </div>
      {sync.lastError && (
        <Typography variant="caption" color="error" component="div">
          {sync.lastError}
        </Typography>
      )}
    </>
  );
});

/** Whether the cluster has a marker: drift restored there, or data kept. */
export function hasMarkers(
  sync?: ClusterSyncStatus,
): sync is ClusterSyncStatus {
  return !!sync && (sync.driftCount > 0 || sync.retained.length > 0);
}

/** Drift restored there, and data kept on a cluster the service left. */
export const MarkersCell = memo(function Markers(props: {
  sync?: ClusterSyncStatus;
}) {
  const { sync } = props;
  if (!hasMarkers(sync)) {
    return null;
  }
  return (
    <div style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
      {sync.driftCount > 0 && (
        <Tooltip
          title={`Changed outside miniplanes ${formatCount(
            sync.driftCount,
            'time',
          )}; each time the sync restored it.`}
        >
          <Chip size="small" label={`drift · ${sync.driftCount}`} />
        </Tooltip>
      )}
      {sync.retained.length > 0 && (
        <Tooltip
          title={`Data kept here although the service ${
            sync.placed ? 'moved its data away' : 'is no longer placed here'
          }; only an approved request releasing this cluster (spec.data.release) deletes it: ${sync.retained
            .map(describeObjectRef)
            .join(', ')}`}
        >
          <Chip
            size="small"
            color="secondary"
            label={`data retained · ${sync.retained.length}`}
          />
        </Tooltip>
      )}
    </div>
  );
});
