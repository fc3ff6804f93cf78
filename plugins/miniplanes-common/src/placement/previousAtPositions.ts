import { ResourceRole } from '../model/types';
import { PreviousPlacement } from './types';

/** The replicas a role ran with, by cluster: positions in this fleet (-1 for a cluster gone from it) and counts. */
export interface PreviousReplicas {
  positions: number[];
  counts: number[];
}

/**
 * What stability, failover and the division rule read of a previous
 * decision, by position in one fleet; each read once per role, and only if
 * asked (a Duplicated service without spread reads nothing).
 */
export class PreviousAtPositions {
  readonly #previous: PreviousPlacement | undefined;
  readonly #positions: ReadonlyMap<string, number>;
  readonly #ran = new Map<ResourceRole, number[]>();
  readonly #replicas = new Map<ResourceRole, PreviousReplicas>();

  constructor(
    previous: PreviousPlacement | undefined,
    positions: ReadonlyMap<string, number>,
  ) {
    this.#previous = previous;
    this.#positions = positions;
  }

  /** The positions of the clusters of this fleet where the role ran (a decision names each cluster once). */
  ran(role: ResourceRole): number[] {
    let ran = this.#ran.get(role);
    if (!ran) {
      ran = [];
      for (const line of this.#previous?.clusters ?? []) {
        if (!line.roles.includes(role)) continue;
        const position = this.#positions.get(line.name);
        if (position !== undefined) ran.push(position);
      }
      this.#ran.set(role, ran);
    }
    return ran;
  }

  /** The clusters where the role ran with replicas, and how many. */
  replicas(role: ResourceRole): PreviousReplicas {
    let replicas = this.#replicas.get(role);
    if (!replicas) {
      replicas = { positions: [], counts: [] };
      for (const line of this.#previous?.clusters ?? []) {
        const count = line.replicas[role];
        if (!(count > 0)) continue;
        replicas.positions.push(this.#positions.get(line.name) ?? -1);
        replicas.counts.push(count);
      }
      this.#replicas.set(role, replicas);
    }
    return replicas;
  }
}
