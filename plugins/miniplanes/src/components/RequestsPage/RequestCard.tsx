import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { FLEET_PROPOSER } from '@miniplanes/plugin-miniplanes-common';
import { PlacementRequestView, RequestDecision } from '../../api';
import { DecisionDiffList } from '../DecisionDiffList';
import { ActorName } from '../ActorName';
import { ClusterWidePowerFlag } from './ClusterWidePowerFlag';
import { RequestImpactList } from './RequestImpactList';
import { SpecChangesList } from './SpecChangesList';
import { CurrentService } from './useCurrentServices';
import { RolloutPlanList } from '../RolloutPlanList';

/** Why the current user may not decide this request, if they may not. */
export function decisionBlocker(
  request: PlacementRequestView,
  user: string | undefined,
  canDecide: boolean,
): string | undefined {
  if (request.status !== 'pending') return `this request is ${request.status}`;
  if (!canDecide) return 'only approvers may decide placement requests';
  if (user && request.requestedBy === user)
    return 'you filed this request; another approver must decide it';
  const failed = request.checks.filter(c => !c.passed);
  if (failed.length > 0)
    return `it fails its policy checks: ${failed.map(c => c.name).join(', ')}`;
  if (request.stale)
    return 'the service changed since it was filed; it must be filed again';
  return undefined;
}

/** One request: who, why, what changes where, the checks, and the decision buttons. */
export function RequestCard(props: {
  request: PlacementRequestView;
  user?: string;
  canDecide: boolean;
  onDecide: (action: RequestDecision, comment: string) => Promise<void>;
  /** The service's current version, which a pending request's spec is compared with. */
  currentService: CurrentService;
}) {
  const { request, user, canDecide, onDecide, currentService } = props;
  const ownRequest = user !== undefined && request.requestedBy === user;
  // Only the requester withdraws, so a withdrawn request's comment is theirs.
  const commenter =
    request.decidedBy ??
    (request.status === 'withdrawn' ? request.requestedBy : undefined);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const blocker = decisionBlocker(request, user, canDecide);
  const decide = async (action: RequestDecision) => {
    setBusy(true);
    try {
      await onDecide(action, comment);
    } finally {
      setBusy(false);
    }
  };
  return (
    <InfoCard
      title={
        <>
          <EntityRefLink
            entityRef={request.entityRef}
            defaultKind="component"
          />{' '}
          — {request.status}
          {request.stale ? ' (stale)' : ''}
        </>
      }
      subheader={
        // One span: the subheader lays out its children as flex items,
        // which would drop the spaces between the words and the link.
        <span>
          {request.requestedBy === FLEET_PROPOSER ? (
            'proposed by miniplanes after a fleet change'
          ) : (
            <>
              requested by <ActorName actor={request.requestedBy} />
            </>
          )}{' '}
          on {new Date(request.createdAt).toLocaleString()}
        </span>
      }
    >
      <Typography variant="body1" gutterBottom>
        “{request.reason}”
      </Typography>
      <ClusterWidePowerFlag impact={request.impact} />
      <Typography variant="subtitle2">What changes</Typography>
      <DecisionDiffList diff={request.diff} />
      {/* Decided: the placement history tells what it changed. */}
      {request.status === 'pending' && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 12 }}>
            What changes in the spec
          </Typography>
          <SpecChangesList request={request} current={currentService} />
        </>
      )}
      <Typography variant="subtitle2" style={{ marginTop: 12 }}>
        What approving does to the clusters
      </Typography>
      <RequestImpactList impact={request.impact} />
      <RolloutPlanList spec={request.spec} decision={request.decision} />
      <Typography variant="subtitle2" style={{ marginTop: 12 }}>
        Policy checks
      </Typography>
      {request.checks.map(check => (
        <Typography variant="body2" component="div" key={check.name}>
          {check.passed ? (
            <StatusOK>
              {check.name}: {check.message}
            </StatusOK>
          ) : (
            <StatusError>
              {check.name}: {check.message}
            </StatusError>
          )}
        </Typography>
      ))}
      {request.comment && (
        <Typography variant="body2" style={{ marginTop: 12 }}>
          {commenter ? <ActorName actor={commenter} /> : 'comment'}: “
          {request.comment}”
        </Typography>
      )}
      {request.status === 'approved' && request.waitingFor?.length ? (
        <div style={{ marginTop: 12 }}>
          <Typography variant="subtitle2">
            Waiting for
            {request.escalatedAt
              ? ` (approvers told it is overdue on ${new Date(
                  request.escalatedAt,
                ).toLocaleString()})`
              : ''}
          </Typography>
          {request.waitingFor.map(wait => (
            <Typography variant="body2" component="div" key={wait.cluster}>
              <StatusPending>
                {wait.cluster}: {wait.reason}
              </StatusPending>
            </Typography>
          ))}
        </div>
      ) : null}
      {request.status === 'pending' && (
        <div style={{ marginTop: 16 }}>
          {blocker && (
            <StatusWarning>
              You cannot decide this request: {blocker}.
            </StatusWarning>
          )}
          {(!blocker || ownRequest) && (
            <TextField
              id={`comment-${request.id}`}
              label="Comment"
              fullWidth
              value={comment}
              onChange={e => setComment(e.target.value)}
              margin="dense"
            />
          )}
          {!blocker && (
            <>
              <Button
                variant="contained"
                color="primary"
                disabled={busy}
                onClick={() => decide('approve')}
              >
                Approve
              </Button>{' '}
              <Button
                variant="outlined"
                disabled={busy}
                onClick={() => decide('reject')}
              >
                Reject
              </Button>
            </>
          )}
          {/* The requester may take it back while nobody has decided it. */}
          {ownRequest && (
            <Button
              variant="outlined"
              disabled={busy}
              onClick={() => decide('withdraw')}
            >
              Withdraw
            </Button>
          )}
        </div>
      )}
    </InfoCard>
  );
}
