import Typography from '@material-ui/core/Typography';
import {
  FederatedService,
  PlacementDecision,
  planRollout,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * Which cluster falls in which stage of the version's rollout, in order,
 * with each stage's gate and pace: what approving sets in motion. Nothing
 * for a version without `spec.rollout` (it goes everywhere at once).
 */
export function RolloutPlanList(props: {
  spec: FederatedService;
  decision: PlacementDecision;
}) {
  const { rollout } = props.spec.spec;
  if (!rollout) return null;
  const plan = planRollout(rollout, props.decision);
  return (
    <>
      <Typography variant="subtitle2" style={{ marginTop: 12 }}>
        Rolled out in stages (on failure:{' '}
        {plan.onFailure === 'Rollback' ? 'roll back' : 'pause'})
      </Typography>
      <ol aria-label="Rollout plan" style={{ margin: 0, paddingLeft: 20 }}>
        {plan.stages.map(stage => (
          <li key={stage.name}>
            <Typography variant="body2" component="span">
              <strong>{stage.name}</strong>
              {stage.approval ? ' (an approver opens it)' : ''}:{' '}
              {stage.clusters.length
                ? stage.clusters.join(', ')
                : 'no placed cluster'}
              {stage.maxConcurrency < stage.clusters.length
                ? `, ${stage.maxConcurrency} at a time`
                : ''}
            </Typography>
          </li>
        ))}
      </ol>
    </>
  );
}
