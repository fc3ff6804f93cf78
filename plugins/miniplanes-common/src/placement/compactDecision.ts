import { FederatedService, ResourceRole } from '../model/types';
import { FleetIndex } from './fleetIndex';
import { ServicePlan } from './planPlacement';
import { decideCluster, spellOutDecision } from './spellOutDecision';
import { PlacementDecision, Reason, ReasonCode } from './types';

/** A cluster chosen for at least one role. @public */
export interface ClusterPlacement {
  name: string;
  roles: ResourceRole[];
  replicas: Record<ResourceRole, number>;
}

/** Clusters chosen for no role, grouped by the codes of their reasons. @public */
export interface Rejection {
  codes: ReasonCode[];
  clusters: string[];
}

// Derived once per plan: services with the same plan share them.
const placementsByPlan = new WeakMap<ServicePlan, ClusterPlacement[]>();
const rejectionsByPlan = new WeakMap<ServicePlan, Rejection[]>();

/**
 * A placement decision without the per-cluster lines: what runs where, and
 * why the policy cannot be met when it cannot. The explanation of any
 * cluster, and the full decision `evaluatePlacement` gives, are spelled out
 * on demand. Values shared between decisions are frozen.
 *
 * @public
 */
export class CompactDecision {
  readonly satisfiable: boolean;
  readonly unsatisfied: readonly Reason[];
  readonly summary: PlacementDecision['summary'];
  /** The chosen clusters, sorted by name. */
  readonly placements: readonly ClusterPlacement[];
  readonly #plan: ServicePlan;
  readonly #service: FederatedService;
  readonly #index: FleetIndex;

  /** @internal */
  constructor(plan: ServicePlan, service: FederatedService, index: FleetIndex) {
    this.#plan = plan;
    this.#service = service;
    this.#index = index;
    this.satisfiable = plan.unsatisfied.length === 0;
    this.unsatisfied = plan.unsatisfied;
    this.summary = plan.summary;
    this.placements = placementsOf(plan, index);
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
    return decideCluster(this.#plan, this.#service, cluster, position).reasons;
  }

  /** The clusters chosen for no role, grouped by the codes of their reasons, in fleet order. */
  rejections(): readonly Rejection[] {
    let rejections = rejectionsByPlan.get(this.#plan);
    if (!rejections) {
      rejections = groupRejections(this.#plan, this.#index);
      rejectionsByPlan.set(this.#plan, rejections);
    }
    return rejections;
  }

  /** The decision `evaluatePlacement` gives, byte for byte. */
  toPlacementDecision(): PlacementDecision {
    return spellOutDecision(this.#plan, this.#service, this.#index);
  }
}

function placementsOf(
  plan: ServicePlan,
  { clusters }: FleetIndex,
): ClusterPlacement[] {
  let placements = placementsByPlan.get(plan);
  if (placements) return placements;
  const byPosition = new Map<number, ClusterPlacement>();
  for (const role of plan.roles) {
    for (const [position, count] of plan.outcomes.get(role)!.selected) {
      let placement = byPosition.get(position);
      if (!placement) {
        placement = {
          name: clusters[position].name,
          roles: [],
          replicas: { data: 0, compute: 0, config: 0 },
        };
        byPosition.set(position, placement);
      }
      placement.roles.push(role);
      placement.replicas[role] = count;
    }
  }
  placements = [...byPosition.keys()]
    .sort((a, b) => a - b)
    .map(position => deepFreeze(byPosition.get(position)!));
  Object.freeze(placements);
  placementsByPlan.set(plan, placements);
  return placements;
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
  return Object.freeze([...groups.values()].map(deepFreeze)) as Rejection[];
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value))
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  return Object.freeze(value);
}
