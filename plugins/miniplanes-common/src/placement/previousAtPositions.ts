import { ResourceRole } from '../model/types';
import { PreviousPlacement } from './types';

/** What stability, failover and the division rule read of a previous decision, for one fleet. */
export interface PreviousAtPositions {
  /** Per role, the positions of the clusters of this fleet where it ran, ascending. */
  ran: Partial<Record<ResourceRole, number[]>>;
  /** Per role, the replicas it ran with, by cluster: clusters gone from the fleet included. */
  replicas: Partial<Record<ResourceRole, { name: string; count: number }[]>>;
}

const NOTHING: PreviousAtPositions = Object.freeze({ ran: {}, replicas: {} });

/**
 * Reads where a previous decision placed something (a decision names each
 * cluster once); lines of clusters running nothing are skipped.
 */
export function previousAtPositions(
  previous: PreviousPlacement | undefined,
  positions: ReadonlyMap<string, number>,
): PreviousAtPositions {
  if (!previous) return NOTHING;
  const ran: PreviousAtPositions['ran'] = {};
  const replicas: PreviousAtPositions['replicas'] = {};
  for (const line of previous.clusters) {
    const counts = line.replicas;
    if (
      line.roles.length === 0 &&
      !(counts.data > 0 || counts.compute > 0 || counts.config > 0)
    )
      continue;
    for (const role of ['data', 'compute', 'config'] as const) {
      if (counts[role] > 0)
        (replicas[role] ??= []).push({ name: line.name, count: counts[role] });
    }
    const position = positions.get(line.name);
    if (position === undefined) continue;
    for (const role of line.roles) (ran[role] ??= []).push(position);
  }
  for (const list of Object.values(ran)) list.sort((a, b) => a - b);
  return { ran, replicas };
}
