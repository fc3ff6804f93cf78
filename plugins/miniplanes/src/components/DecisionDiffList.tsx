import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { DecisionDiff } from '@miniplanes/plugin-miniplanes-common';

/**
 * "compute 1 → 2"; roles without replicas (config) are only received or
 * not, so they read "config removed" rather than "config 0 → 0".
 */
function describeChange(change: DecisionDiff['changes'][number]) {
  if (change.before === change.after) return `${change.role} ${change.kind}`;
  return `${change.role} ${change.before} → ${change.after}`;
}

/** Which clusters gain or lose replicas or data: what an approver signs off. */
export function DecisionDiffList(props: { diff: DecisionDiff }) {
  const { diff } = props;
  if (diff.unchanged) {
    return (
      <Typography variant="body2">
        No cluster gains or loses anything.
      </Typography>
    );
  }
  return (
    <div>
      {diff.changes.map(change => (
        <Typography
          variant="body2"
          component="div"
          key={`${change.cluster}-${change.role}`}
        >
          <Chip
            size="small"
            label={change.kind}
            color={change.kind === 'removed' ? 'secondary' : 'primary'}
            style={{ marginRight: 8 }}
          />
          {change.cluster}: {describeChange(change)}
        </Typography>
      ))}
      {diff.dataMoves.map(move => (
        <Typography
          variant="body2"
          color="secondary"
          key={`data-${move.cluster}`}
        >
          {move.kind === 'added'
            ? `${move.cluster} starts holding data`
            : `${move.cluster} stops holding data`}
        </Typography>
      ))}
    </div>
  );
}
