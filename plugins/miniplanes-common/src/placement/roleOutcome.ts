import { ResourceRole } from '../model/types';
import { Reason } from './types';

/** A cluster's score: the weighted total and each scorer's value. */
export interface Score {
  total: number;
  breakdown: Record<string, number>;
}

/**
 * What scheduling one role decided. Clusters are referred to by their
 * position in the fleet index (sorted by name).
 */
export interface RoleOutcome {
  role: ResourceRole;
  /** Whether the role went through the pipeline (config only follows the others). */
  scheduled: boolean;
  /** Per cluster position: filter failures and Spread reasons; empty when chosen. */
  reasons: Reason[][];
  /** Chosen cluster positions and their replicas. */
  selected: Map<number, number>;
  /** Per cluster position; empty when the role was not scheduled. */
  scores: Score[];
}

/** Nothing to report: shared by every cluster with no reason. */
export const NO_REASONS: Reason[] = Object.freeze([]) as unknown as Reason[];

/** The score of a cluster that did not pass the filters. */
export const UNSCORED: Score = Object.freeze({
  total: 0,
  breakdown: Object.freeze({}),
}) as Score;
