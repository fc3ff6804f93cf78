import { InfoCard, StatusAborted } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  miniplanesRequestDecidePermission,
  RolloutAction,
  RolloutPhase,
  RolloutView,
} from '@miniplanes/plugin-miniplanes-common';
import { useState } from 'react';
import { miniplanesApiRef } from '../../api';
import { ActorName } from '../ActorName';
import { SyncTone } from './syncStates';
import { SyncStatusText } from './SyncStatusText';

/** How each phase of a rollout reads. */
const PHASES: Record<RolloutPhase, { tone: SyncTone; text: string }> = {
  Progressing: { tone: 'running', text: 'Rolling out' },
  WaitingApproval: {
    tone: 'pending',
    text: 'Waiting for an approver to open the next stage',
  },
  Paused: { tone: 'warning', text: 'Paused' },
  RolledBack: { tone: 'error', text: 'Rolled back to the last good version' },
  Completed: { tone: 'ok', text: 'Rolled out everywhere' },
};

/**
 * The staged rollout of the service's current version: its stages with
 * their clusters and where each is, and what people may do to it (open a
 * gate, pause, resume, abort). The backend decides who may; its refusals
 * are shown as they come.
 */
export function RolloutCard(props: {
  entityRef: string;
  rollout: RolloutView;
  /** Called after an action was taken, to reload the service. */
  onChanged: () => void;
}) {
  const { entityRef, rollout, onChanged } = props;
  const api = useApi(miniplanesApiRef);
  const { allowed: canApprove } = usePermission({
    permission: miniplanesRequestDecidePermission,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { plan, state } = rollout;
  const active =
    state && state.phase !== 'Completed' && state.phase !== 'RolledBack';
  const paused = state?.phase === 'Paused';

  const act = async (action: RolloutAction, stage?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.actOnRollout(entityRef, action, stage ? { stage } : {});
      onChanged();
    } catch (e) {
      // The server's reason, which says what to do, rather than the status line.
      setError(
        e instanceof ResponseError ? e.cause.message : (e as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard
      title="Staged rollout"
      subheader={
        state
          ? `spec version ${
              state.specVersion
            } · on failure: ${plan.onFailure.toLowerCase()}`
          : 'starts at the next sync pass of a new version'
      }
    >
      {state && (
        <Typography variant="body1" component="div">
          <SyncStatusText tone={PHASES[state.phase].tone}>
            {PHASES[state.phase].text}
            {state.message ? `: ${state.message}` : ''}
          </SyncStatusText>
        </Typography>
      )}
      <ol aria-label="Rollout stages" style={{ paddingLeft: 20 }}>
        {plan.stages.map(stage => {
          const progress = state?.stages.find(s => s.name === stage.name);
          return (
            <li key={stage.name} style={{ marginBottom: 8 }}>
              <Typography variant="subtitle2" component="span">
                {stage.name}
              </Typography>{' '}
              <Typography variant="body2" component="span">
                — {progress?.state ?? 'Pending'}
                {stage.approval &&
                  (progress?.approvedBy ? (
                    <>
                      {' '}
                      · gate opened by <ActorName actor={progress.approvedBy} />
                    </>
                  ) : (
                    ' · gated'
                  ))}
                {stage.maxConcurrency < stage.clusters.length &&
                  ` · ${stage.maxConcurrency} at a time`}
                {progress?.message && ` · ${progress.message}`}
              </Typography>
              <div
                style={{
                  display: 'flex',
                  gap: 4,
                  flexWrap: 'wrap',
                  marginTop: 4,
                }}
              >
                {stage.clusters.length === 0 && (
                  <Typography variant="body2" color="textSecondary">
                    no placed cluster matches this stage
                  </Typography>
                )}
                {stage.clusters.map(cluster => {
                  const at = state?.clusters[cluster];
                  return (
                    <Chip
                      key={cluster}
                      size="small"
                      variant={at?.state === 'Updated' ? 'default' : 'outlined'}
                      color={at?.state === 'Failed' ? 'secondary' : 'default'}
                      label={`${cluster} · ${at?.state ?? 'Pending'}`}
                      title={at?.message}
                    />
                  );
                })}
              </div>
              {active &&
                progress?.state === 'WaitingApproval' &&
                (canApprove ? (
                  <Button
                    size="small"
                    variant="contained"
                    color="primary"
                    disabled={busy}
                    onClick={() => act('approveStage', stage.name)}
                    style={{ marginTop: 4 }}
                  >
                    Open stage {stage.name}
                  </Button>
                ) : (
                  <Typography variant="body2" color="textSecondary">
                    An approver other than the version's requester opens this
                    stage.
                  </Typography>
                ))}
            </li>
          );
        })}
      </ol>
      {active && (
        <div style={{ display: 'flex', gap: 8 }}>
          <Button
            size="small"
            variant="outlined"
            disabled={busy}
            onClick={() => act(paused ? 'resume' : 'pause')}
          >
            {paused ? 'Resume' : 'Pause'}
          </Button>
          <Button
            size="small"
            variant="outlined"
            color="secondary"
            disabled={busy}
            onClick={() => act('abort')}
            title="Every cluster the rollout changed goes back to the last good version; no data is deleted"
          >
            Abort and roll back
          </Button>
        </div>
      )}
      {state?.phase === 'RolledBack' && (
        <Typography variant="body2">
          <StatusAborted>
            The request for this version failed; file a fixed version.
          </StatusAborted>
        </Typography>
      )}
      {error && (
        <Typography variant="body2" color="error" role="alert">
          {error}
        </Typography>
      )}
    </InfoCard>
  );
}
