import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Reason } from '@miniplanes/plugin-miniplanes-common';

/** A reason's chip: its code, and the role it is about when it is about one. */
export function reasonLabel(reason: Pick<Reason, 'code' | 'role'>): string {
  return reason.role ? `${reason.code} · ${reason.role}` : reason.code;
}

/** Reasons as a code chip and the human message, the answer to "why (not) here?". */
export function ReasonList(props: { reasons: Reason[] }) {
  return (
    <div>
      {props.reasons.map((reason, index) => (
        <Typography key={index} variant="body2" component="div">
          <Chip
            size="small"
            label={reasonLabel(reason)}
            color={reason.code === 'Selected' ? 'primary' : 'default'}
            style={{ marginRight: 8, marginBottom: 4 }}
          />
          {reason.message}
        </Typography>
      ))}
    </div>
  );
}
