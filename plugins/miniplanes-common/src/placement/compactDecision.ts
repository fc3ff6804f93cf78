import { FederatedService, ResourceRole } from '../model/types';
import { FleetIndex } from './fleetIndex';
import { PlacementChoices } from './planWithBitsets';
import { ServicePlan } from './planPlacement';
import { decideCluster, spellOutDecision } from './spellOutDecision';
import { PlacementDecision, Reason, ReasonCode, RolePlacement } from './types';

/** A cluster chosen for at least one role. @public */
export interface ClusterPlacement {
  name: string;
  /** In decision order (data, compute, config). */
  roles: readonly ResourceRole[];
  replicas: Record<ResourceRole, number>;
}

/** Clusters chosen for no role, grouped by the codes of their reasons. @public */
export interface Rejection {
  codes: ReasonCode[];
  clusters: string[];
}

/**
 * A placement decision without the per-cluster lines: what runs where, and
 * why the policy cannot be met when it cannot. The explanation of any
 * cluster, and the full decision `evaluatePlacement` gives, are worked out
 * on demand, once: the bulk path never pays for reasons nobody reads.
 *
 * @public
 */
export class CompactDecision {
  /** Whether every role with resources found clusters. */
  readonly satisfiable: boolean;
  /** Why the policy cannot be met; empty when satisfiable. */
  readonly unsatisfied: readonly Reason[];
  readonly #choices: PlacementChoices;
  readonly #service: FederatedService;
  readonly #index: FleetIndex;
  readonly #plan: () => ServicePlan;
  #explained?: ServicePlan;
  #byRole?: readonly RolePlacement[];
  #summary?: PlacementDecision['summary'];
  #placements?: readonly ClusterPlacement[];

  /** @internal */
  constructor(
    choices: PlacementChoices,
    service: FederatedService,
    index: FleetIndex,
    plan: () => ServicePlan,
  ) {
    this.#choices = choices;
    this.#service = service;
    this.#index = index;
    this.#plan = plan;
    this.satisfiable = choices.unsatisfied.length === 0;
    this.unsatisfied = choices.unsatisfied;
  }

  /**
   * Per role with resources, in decision order: the chosen clusters and
   * the replicas on each. The cheapest full reading of what runs where.
   */
  get byRole(): readonly RolePlacement[] {
    this.#byRole ??= this.#choices.roles.map(({ role, selection }) => ({
      role,
      clusters: selection.positions.map(p => this.#index.clusters[p].name),
      replicas: selection.counts,
    }));
    return this.#byRole;
  }

  /** Per role with resources: where it goes and how many replicas in all. */
  get summary(): PlacementDecision['summary'] {
    this.#summary ??= this.byRole.map(({ role, clusters, replicas }) => ({
      role,
      clusters: [...clusters],
      replicas: replicas.reduce((a, b) => a + b, 0),
    }));
    return this.#summary;
  }

  /** The chosen clusters, sorted by name, with their roles and replicas: one object per cluster. */
  get placements(): readonly ClusterPlacement[] {
    this.#placements ??= placementsOf(this.#choices, this.#index);
    return this.#placements;
  }

  /** The reasons the full decision gives for one cluster, messages included. */
  explain(clusterName: string): Reason[] {
    const position = this.#index.positions.get(clusterName);
    if (position === undefined) {
      throw new Error(
        `cluster ${clusterName} is not in the fleet this decision was evaluated against`,
      );
    }
    const cluster = this.#index.clusters[position];
    return decideCluster(this.#explanation(), this.#service, cluster, position)
      .reasons;
  }

  /** The clusters chosen for no role, grouped by the codes of their reasons, in fleet order. */
  rejections(): readonly Rejection[] {
    return groupRejections(this.#explanation(), this.#index);
  }

  /** The decision `evaluatePlacement` gives for the same input, byte for byte. */
  toPlacementDecision(): PlacementDecision {
    return spellOutDecision(this.#explanation(), this.#service, this.#index);
  }

  /** The plan with every cluster's reasons, worked out on first demand. */
  #explanation(): ServicePlan {
    this.#explained ??= this.#plan();
    return this.#explained;
  }
}

/** The choices of a plan with every cluster's reasons, for decisions planned by plugins. */
export function choicesOf(plan: ServicePlan): PlacementChoices {
  return {
    roles: plan.roles.map(role => {
      const selected = [...plan.outcomes.get(role)!.selected].sort(
        ([a], [b]) => a - b,
      );
      return {
        role,
        selection: {
          positions: selected.map(([position]) => position),
          counts: selected.map(([, count]) => count),
        },
      };
    }),
    unsatisfied: plan.unsatisfied,
  };
}

/** The roles of a placement, one frozen list per combination (by bit: data 1, compute 2, config 4). */
const ROLE_LISTS: readonly (readonly ResourceRole[])[] = Array.from(
  { length: 8 },
  (_, mask) =>
    Object.freeze(
      (['data', 'compute', 'config'] as const).filter(
        (_role, bit) => mask & (1 << bit),
      ),
    ),
);
const ROLE_BIT: Record<ResourceRole, number> = {
  data: 1,
  compute: 2,
  config: 4,
};

/** Merges the roles' ascending position lists into one placement per cluster. */
function placementsOf(
  { roles }: PlacementChoices,
  { clusters }: FleetIndex,
): ClusterPlacement[] {
  const placements: ClusterPlacement[] = [];
  const next = roles.map(() => 0);
  for (;;) {
    let position = Infinity;
    roles.forEach(({ selection }, k) => {
      if (next[k] < selection.positions.length)
        position = Math.min(position, selection.positions[next[k]]);
    });
    if (position === Infinity) return placements;
    const replicas = { data: 0, compute: 0, config: 0 };
    let mask = 0;
    roles.forEach(({ role, selection }, k) => {
      if (selection.positions[next[k]] !== position) return;
      replicas[role] = selection.counts[next[k]];
      mask |= ROLE_BIT[role];
      next[k] += 1;
    });
    placements.push({
      name: clusters[position].name,
      roles: ROLE_LISTS[mask],
      replicas,
    });
  }
}

function groupRejections(
  plan: ServicePlan,
  { clusters }: FleetIndex,
): Rejection[] {
  const outcomes = plan.roles.map(role => plan.outcomes.get(role)!);
  const groups = new Map<string, Rejection>();
  clusters.forEach((cluster, position) => {
    if (outcomes.some(o => o.selected.has(position))) return;
    const codes = [
      ...new Set(
        outcomes.flatMap(o => (o.reasons[position] ?? []).map(r => r.code)),
      ),
    ];
    const key = codes.join(',');
    const group = groups.get(key);
    if (group) group.clusters.push(cluster.name);
    else groups.set(key, { codes, clusters: [cluster.name] });
  });
  return [...groups.values()];
}
