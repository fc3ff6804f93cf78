import { StatusError, StatusOK } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';

/** Whether a placement decision meets the service's policy, and if not, why not. */
export function PolicyVerdict(props: { decision: PlacementDecision }) {
  const { decision } = props;
  return (
    <Typography variant="body1" component="div">
      {decision.satisfiable ? (
        <StatusOK>The placement policy is met.</StatusOK>
      ) : (
        <StatusError>
          The placement policy cannot be met:{' '}
          {decision.unsatisfied.map(r => r.message).join('; ')}
        </StatusError>
      )}
    </Typography>
  );
}
