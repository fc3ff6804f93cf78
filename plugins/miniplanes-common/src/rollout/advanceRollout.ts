import { RolloutPlan } from './planRollout';
import type {
  RolloutStatePhaseEnum as RolloutPhase,
  RolloutStateStagesInnerStateEnum as RolloutStageState,
  RolloutStateClustersValueStateEnum as RolloutClusterState,
} from '../schema/openapi';

export type {
  /** Where a rollout is. */
  RolloutStatePhaseEnum as RolloutPhase,
  /** Where a stage of a rollout is. */
  RolloutStateStagesInnerStateEnum as RolloutStageState,
  /** Where one cluster of a rollout is. */
  RolloutStateClustersValueStateEnum as RolloutClusterState,
} from '../schema/openapi';

/** A rollout's progress, kept by the backend between sync passes. @public */
export interface RolloutState {
  /** The version rolling out. */
  specVersion: number;
  phase: RolloutPhase;
  message?: string;
  stages: {
    name: string;
    state: RolloutStageState;
    startedAt?: string;
    /** Since when every cluster of the stage is healthy on the new version. */
    soakingSince?: string;
    completedAt?: string;
    approvedBy?: string;
    message?: string;
  }[];
  clusters: Record<
    string,
    {
      stage: string;
      state: RolloutClusterState;
      since: string;
      message?: string;
    }
  >;
}

/** What the sync saw of one cluster. @public */
export interface RolloutObservation {
  /** The spec version the cluster fully took, if any. */
  specVersion?: number;
  /** Its workloads are ready on that version. */
  healthy: boolean;
  /** Why it does not take the version (a refused object, unreachable). */
  error?: string;
}

/** A rollout's next state, and which version each placed cluster holds now. @public */
export interface RolloutStep {
  state: RolloutState;
  /** `new`: the version rolling out; `old`: the last good version. */
  targets: Map<string, 'new' | 'old'>;
}

/**
 * A new rollout: every stage and cluster pending.
 *
 * @public
 */
export function startRollout(
  plan: RolloutPlan,
  specVersion: number,
  now: Date,
): RolloutState {
  return advanceRollout({
    plan,
    state: {
      specVersion,
      phase: 'Progressing',
      stages: plan.stages.map(s => ({ name: s.name, state: 'Pending' })),
      clusters: {},
    },
    observations: new Map(),
    now,
  }).state;
}

/**
 * One step of a staged rollout, from what the sync observed: clusters of the
 * current stage start taking the new version, at most `maxConcurrency` at a
 * time; a cluster that is not healthy on it within the progress deadline
 * fails the stage (pause, or roll back every changed cluster to the last good
 * version); a stage whose clusters are all healthy soaks for its minimum
 * healthy time, then the next stage starts — behind its approval gate when it
 * has one. Pure: the caller stores the state and syncs the targets.
 *
 * @public
 */
export function advanceRollout(input: {
  plan: RolloutPlan;
  state: RolloutState;
  observations: Map<string, RolloutObservation>;
  now: Date;
}): RolloutStep {
  const { plan, observations } = input;
  const now = input.now.getTime();
  const at = input.now.toISOString();
  const state = reconcile(input.state, plan, at);

  if (state.phase === 'Progressing' || state.phase === 'WaitingApproval') {
    state.phase = 'Progressing';
    for (const [index, stagePlan] of plan.stages.entries()) {
      const stage = state.stages[index];
      if (stage.state === 'Completed') continue;
      const clusters = stagePlan.clusters.map(name => state.clusters[name]);
      if (clusters.length === 0) {
        if (stage.state === 'Progressing' || stage.state === 'Soaking') {
          // Failover (or a relabel) moved the service off every cluster the
          // stage was proving the version on: going on would skip the proof,
          // rolling back would blame a version nothing showed wrong.
          Object.assign(stage, {
            state: 'Failed',
            message: `lost every cluster it was proving version ${state.specVersion} on (the placement moved off them)`,
          });
          state.phase = 'Paused';
          state.message = `stage ${stage.name} ${stage.message}; resume to go on without it, or abort to roll back`;
          break;
        }
        // A selector that matches no placed cluster holds nothing back.
        Object.assign(stage, { state: 'Completed', completedAt: at });
        continue;
      }
      if (stage.state === 'Pending') {
        if (stagePlan.approval && !stage.approvedBy) {
          stage.state = 'WaitingApproval';
        } else {
          stage.state = 'Progressing';
          stage.startedAt = at;
        }
      }
      if (stage.state === 'WaitingApproval') {
        if (!stage.approvedBy) {
          state.phase = 'WaitingApproval';
          state.message = `stage ${stage.name} waits for an approver`;
          break;
        }
        stage.state = 'Progressing';
        stage.startedAt = at;
      }
      progress(stagePlan, clusters, observations, state, now, at, plan);
      const failed = stagePlan.clusters.filter(
        name => state.clusters[name].state === 'Failed',
      );
      if (failed.length > 0) {
        stage.state = 'Failed';
        stage.message = failed
          .map(name => `${name}: ${state.clusters[name].message}`)
          .join('; ');
        fail(state, plan, `stage ${stage.name} failed: ${stage.message}`, at);
        break;
      }
      if (!soak(stage, stagePlan, clusters, observations, now, at)) break;
    }
    if (state.phase === 'Progressing') {
      if (state.stages.every(s => s.state === 'Completed')) {
        state.phase = 'Completed';
        state.message = 'every stage is done';
      } else {
        const current = state.stages.find(s => s.state !== 'Completed');
        state.message = current && `stage ${current.name} is ${current.state}`;
      }
    }
  }
  return { state, targets: targetsOf(state) };
}

/** Starts clusters up to the stage's concurrency; marks them updated or failed. */
function progress(
  stagePlan: RolloutPlan['stages'][number],
  clusters: RolloutState['clusters'][string][],
  observations: Map<string, RolloutObservation>,
  state: RolloutState,
  now: number,
  at: string,
  plan: RolloutPlan,
) {
  for (const name of stagePlan.clusters) {
    const cluster = state.clusters[name];
    if (cluster.state !== 'Updating') continue;
    const seen = observations.get(name);
    if (seen && tookVersion(seen, state.specVersion)) {
      Object.assign(cluster, {
        state: 'Updated',
        since: at,
        message: undefined,
      });
    } else if (now - Date.parse(cluster.since) > plan.progressDeadlineMs) {
      Object.assign(cluster, {
        state: 'Failed',
        since: at,
        message:
          seen?.error ??
          `not healthy on version ${state.specVersion} within ${Math.round(
            plan.progressDeadlineMs / 1000,
          )} s`,
      });
    }
  }
  let inFlight = clusters.filter(c => c.state === 'Updating').length;
  for (const cluster of clusters) {
    if (inFlight >= stagePlan.maxConcurrency) break;
    if (cluster.state === 'Pending') {
      Object.assign(cluster, { state: 'Updating', since: at });
      inFlight += 1;
    }
  }
}

/** Whether the stage is done soaking: every cluster healthy for its minimum time. */
function soak(
  stage: RolloutState['stages'][number],
  stagePlan: RolloutPlan['stages'][number],
  clusters: RolloutState['clusters'][string][],
  observations: Map<string, RolloutObservation>,
  now: number,
  at: string,
): boolean {
  const allUpdated = clusters.every(c => c.state === 'Updated');
  const allHealthy = stagePlan.clusters.every(
    name => observations.get(name)?.healthy ?? false,
  );
  if (!allUpdated || !allHealthy) {
    if (stage.state === 'Soaking') {
      stage.state = 'Progressing';
      stage.soakingSince = undefined;
    }
    return false;
  }
  if (stage.state !== 'Soaking') {
    stage.state = 'Soaking';
    stage.soakingSince = at;
  }
  if (now - Date.parse(stage.soakingSince!) < stagePlan.minHealthyTimeMs)
    return false;
  stage.state = 'Completed';
  stage.completedAt = at;
  return true;
}

function tookVersion(seen: RolloutObservation, version: number): boolean {
  return (
    seen.specVersion !== undefined &&
    seen.specVersion >= version &&
    seen.healthy &&
    !seen.error
  );
}

function fail(state: RolloutState, plan: RolloutPlan, why: string, at: string) {
  if (plan.onFailure === 'Rollback') {
    state.phase = 'RolledBack';
    state.message = `${why}; every changed cluster is back on the last good version`;
    for (const cluster of Object.values(state.clusters)) {
      if (cluster.state !== 'Pending')
        Object.assign(cluster, { state: 'RolledBack', since: at });
    }
  } else {
    state.phase = 'Paused';
    state.message = `${why}; resume once it is fixed, or abort to roll back`;
  }
}

/**
 * The state, adjusted to the plan: clusters the decision no longer places
 * leave it, newly placed ones join their stage (directly on the new version
 * when their stage is already done).
 */
function reconcile(
  previous: RolloutState,
  plan: RolloutPlan,
  at: string,
): RolloutState {
  const state: RolloutState = structuredClone(previous);
  const stages = new Map(state.stages.map(s => [s.name, s]));
  state.stages = plan.stages.map(
    s => stages.get(s.name) ?? { name: s.name, state: 'Pending' as const },
  );
  const clusters: RolloutState['clusters'] = {};
  for (const stagePlan of plan.stages) {
    const stage = stages.get(stagePlan.name);
    for (const name of stagePlan.clusters) {
      clusters[name] = state.clusters[name] ?? {
        stage: stagePlan.name,
        state: stage?.state === 'Completed' ? 'Updating' : 'Pending',
        since: at,
      };
      clusters[name].stage = stagePlan.name;
    }
  }
  state.clusters = clusters;
  return state;
}

function targetsOf(state: RolloutState): Map<string, 'new' | 'old'> {
  const targets = new Map<string, 'new' | 'old'>();
  for (const [name, cluster] of Object.entries(state.clusters)) {
    const onNew =
      state.phase === 'Completed' ||
      cluster.state === 'Updating' ||
      cluster.state === 'Updated' ||
      cluster.state === 'Failed';
    targets.set(name, state.phase !== 'RolledBack' && onNew ? 'new' : 'old');
  }
  return targets;
}

/**
 * The rollout after an operator's or approver's action: open a stage's gate,
 * pause, resume (failed clusters try again), or abort (roll back).
 *
 * @public
 */
export function actOnRollout(
  state: RolloutState,
  action:
    | { type: 'approveStage'; stage: string; actor: string }
    | { type: 'pause'; actor: string }
    | { type: 'resume'; actor: string }
    | { type: 'abort'; actor: string },
  now: Date,
): RolloutState {
  const next: RolloutState = structuredClone(state);
  const at = now.toISOString();
  switch (action.type) {
    case 'approveStage': {
      const stage = next.stages.find(s => s.name === action.stage);
      if (!stage) throw new Error(`no stage ${action.stage}`);
      stage.approvedBy = action.actor;
      break;
    }
    case 'pause':
      if (next.phase === 'Progressing' || next.phase === 'WaitingApproval') {
        next.phase = 'Paused';
        next.message = `paused by ${action.actor}`;
      }
      break;
    case 'resume':
      if (next.phase === 'Paused') {
        next.phase = 'Progressing';
        next.message = `resumed by ${action.actor}`;
        for (const stage of next.stages) {
          if (stage.state !== 'Failed') continue;
          const left = Object.values(next.clusters).some(
            c => c.stage === stage.name,
          );
          // A stage that lost its clusters goes on without them, as told.
          Object.assign(
            stage,
            left
              ? { state: 'Progressing' }
              : {
                  state: 'Completed',
                  completedAt: at,
                  message: `resumed by ${action.actor} without a cluster to prove it on`,
                },
          );
        }
        for (const cluster of Object.values(next.clusters))
          if (cluster.state === 'Failed')
            Object.assign(cluster, { state: 'Updating', since: at });
      }
      break;
    case 'abort':
      if (next.phase !== 'Completed') {
        next.phase = 'RolledBack';
        next.message = `aborted by ${action.actor}; every changed cluster is back on the last good version`;
        for (const cluster of Object.values(next.clusters))
          if (cluster.state !== 'Pending')
            Object.assign(cluster, { state: 'RolledBack', since: at });
      }
      break;
    default: {
      const never: never = action;
      throw new Error(`unknown rollout action ${JSON.stringify(never)}`);
    }
  }
  return next;
}
