import {
  advanceRollout,
  planRollout,
  PlacementDecision,
  Rollout,
  RolloutObservation,
  RolloutState,
  startRollout,
} from '@miniplanes/plugin-miniplanes-common';
import { ClusterSyncRecord } from '../store/ClusterStatusStore';
import { ServiceSyncTarget } from './SyncEngine';

/**
 * What the sync saw of each cluster at its last pass, as a rollout reads it:
 * the version it fully took, whether its workloads are ready on it, and why
 * not when a cluster refused it.
 */
export function rolloutObservations(
  records: ClusterSyncRecord[],
): Map<string, RolloutObservation> {
  return new Map(
    records.map(r => [
      r.cluster,
      {
        ...(r.specVersion !== undefined ? { specVersion: r.specVersion } : {}),
        healthy: r.state === 'InSync',
        ...(r.state === 'Error' && r.lastError ? { error: r.lastError } : {}),
      },
    ]),
  );
}

/**
 * One step of a service's staged rollout from the last good version to the
 * current one: the rollout's next state and the target the sync applies,
 * each placed cluster on the version the rollout gives it (clusters the new
 * decision no longer places follow the new version: they hold nothing of it).
 */
export function stagedTarget(input: {
  rollout: Rollout | undefined;
  decision: PlacementDecision;
  state: RolloutState | undefined;
  current: ServiceSyncTarget;
  good: ServiceSyncTarget;
  records: ClusterSyncRecord[];
  now: Date;
}): { state: RolloutState; target: ServiceSyncTarget } {
  const plan = planRollout(input.rollout, input.decision);
  const version = input.current.specVersion;
  const state =
    input.state?.specVersion === version
      ? input.state
      : startRollout(plan, version, input.now);
  const step = advanceRollout({
    plan,
    state,
    observations: rolloutObservations(input.records),
    now: input.now,
  });
  if (step.state.phase === 'Completed') {
    return { state: step.state, target: input.current };
  }
  const desired = new Map(input.current.desired);
  const specVersions = new Map<string, number>();
  for (const [cluster, on] of step.targets) {
    if (on === 'new') continue;
    desired.set(cluster, input.good.desired.get(cluster) ?? []);
    specVersions.set(cluster, input.good.specVersion);
  }
  return {
    state: step.state,
    target: { ...input.current, desired, specVersions },
  };
}
