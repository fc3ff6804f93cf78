import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ServiceSyncStatus } from '../../api';
import { formatRelativeTime } from '../format';
import { SERVICE_SYNC_STATES } from './syncStates';

const useStyles = makeStyles(theme => {
  const tone = (color: string) => ({
    borderColor: color,
    color,
    fontWeight: 'bold' as const,
  });
  const { status } = theme.palette;
  return {
    line: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      flexWrap: 'wrap' as const,
      marginTop: theme.spacing(1),
    },
    ok: tone(status.ok),
    running: tone(status.running),
    pending: tone(status.pending),
    warning: tone(status.warning),
    error: tone(status.error),
  };
});

/** The service's aggregated sync state: a chip, what it means, and when it was last synced. */
export function ServiceSyncSummary(props: { status: ServiceSyncStatus }) {
  const { status } = props;
  const classes = useStyles();
  const { tone, meaning } = SERVICE_SYNC_STATES[status.state];
  return (
    <div>
      <div className={classes.line}>
        <Chip
          size="small"
          variant="outlined"
          label={status.state}
          className={classes[tone]}
        />
        <Typography variant="body2">{status.message}</Typography>
      </div>
      <Typography variant="body2" color="textSecondary">
        {meaning}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {status.lastSyncAt
          ? `Last synced ${formatRelativeTime(status.lastSyncAt)} (${new Date(
              status.lastSyncAt,
            ).toLocaleString()}).`
          : 'Never synced yet: no member cluster has received this service. The sync picks it up on its next run; if it does not, check the miniplanes backend logs.'}
      </Typography>
    </div>
  );
}
