import { durationMs } from '../model/durations';
import { matchesSelector } from '../model/selectors';
import { Rollout } from '../model/types';
import { PlacementDecision } from '../placement/types';

/** One stage of a rollout, with the clusters it changes. @public */
export interface RolloutStagePlan {
  name: string;
  clusters: string[];
  /** Clusters of the stage that change at once (at least 1). */
  maxConcurrency: number;
  minHealthyTimeMs: number;
  /** An approver opens the gate before the stage starts. */
  approval: boolean;
}

/** Which placed cluster is in which stage, and the rules of the rollout. @public */
export interface RolloutPlan {
  stages: RolloutStagePlan[];
  /** How long a changing cluster may take to become healthy. */
  progressDeadlineMs: number;
  onFailure: 'Pause' | 'Rollback';
}

/** The stage clusters no stage selects go to. @public */
export const REST_STAGE = 'rest';
/** Without `spec.rollout`, every cluster changes at once. @public */
export const ALL_AT_ONCE = 'all';
const DEFAULT_DEADLINE_MS = 10 * 60_000;

/**
 * Splits the clusters a decision places the service in into the rollout's
 * stages: each in the first stage whose selector matches its labels, those
 * no stage selects in a last stage, `rest`. Empty stages are kept (they say
 * the selector matched nothing). Pure and deterministic: clusters sorted by
 * name within a stage.
 *
 * @public
 */
export function planRollout(
  rollout: Rollout | undefined,
  decision: PlacementDecision,
): RolloutPlan {
  const placed = decision.clusters.filter(c => c.selected);
  if (!rollout) {
    return {
      stages: [
        {
          name: ALL_AT_ONCE,
          clusters: placed.map(c => c.name).sort(),
          maxConcurrency: Math.max(1, placed.length),
          minHealthyTimeMs: 0,
          approval: false,
        },
      ],
      progressDeadlineMs: DEFAULT_DEADLINE_MS,
      onFailure: 'Pause',
    };
  }
  const left = new Map(placed.map(c => [c.name, c]));
  const stages: RolloutStagePlan[] = rollout.stages.map(stage => {
    const clusters = [...left.values()]
      .filter(c => !stage.clusters || matchesSelector(stage.clusters, c.labels))
      .map(c => c.name)
      .sort();
    clusters.forEach(name => left.delete(name));
    return {
      name: stage.name,
      clusters,
      maxConcurrency: concurrency(stage.maxConcurrency, clusters.length),
      minHealthyTimeMs: stage.minHealthyTime
        ? durationMs(stage.minHealthyTime)
        : 0,
      approval: stage.approval ?? false,
    };
  });
  if (left.size > 0) {
    const clusters = [...left.keys()].sort();
    stages.push({
      name: REST_STAGE,
      clusters,
      maxConcurrency: clusters.length,
      minHealthyTimeMs: 0,
      approval: false,
    });
  }
  return {
    stages,
    progressDeadlineMs: rollout.progressDeadline
      ? durationMs(rollout.progressDeadline)
      : DEFAULT_DEADLINE_MS,
    onFailure: rollout.onFailure ?? 'Pause',
  };
}

function concurrency(value: number | string | undefined, size: number) {
  if (value === undefined) return Math.max(1, size);
  if (typeof value === 'number') return value;
  return Math.max(1, Math.floor((size * Number(value.slice(0, -1))) / 100));
}
