import {
  ClusterProfile,
  FederatedService,
  Fleet,
  GovernancePolicy,
  ResourceRole,
} from '../model/types';
import type { ReasonCodeEnum as ReasonCode } from '../schema/openapi';

export type {
  /**
   * Why a cluster was or was not chosen, as the OpenAPI document's Reason
   * names it. The codes of the decision contract never change meaning;
   * `ResourceNotServed` and `Stability` are additions.
   */
  ReasonCodeEnum as ReasonCode,
} from '../schema/openapi';

/** @public */
export interface Reason {
  code: ReasonCode;
  message: string;
  /** The role the reason is about, when it is about one role only. */
  role?: ResourceRole;
}

/** @public */
export interface ClusterDecision {
  name: string;
  /** Chosen for at least one role. */
  selected: boolean;
  /** Replicas placed here per role (0 when none). */
  replicas: Record<ResourceRole, number>;
  /** Roles placed here. */
  roles: ResourceRole[];
  /** Every reason, the "Selected" ones included. */
  reasons: Reason[];
  score: { total: number; breakdown: Record<string, number> };
  /** The cluster's labels, for grouping by jurisdiction and region. */
  labels: Record<string, string>;
}

/** @public */
export interface PlacementDecision {
  satisfiable: boolean;
  /** One entry per fleet cluster, sorted by name. */
  clusters: ClusterDecision[];
  /** Why the policy cannot be met; empty when satisfiable. */
  unsatisfied: Reason[];
  /** Per role with resources: where it goes and how many replicas in all. */
  summary: { role: ResourceRole; clusters: string[]; replicas: number }[];
}

/**
 * Where one role goes: the chosen clusters, sorted by name, and the
 * replicas on each, in the same order.
 *
 * @public
 */
export interface RolePlacement {
  role: ResourceRole;
  clusters: readonly string[];
  replicas: readonly number[];
}

/**
 * What an evaluation reads of the decision before it: where each role ran,
 * with how many replicas (for stability and failover). A
 * `PlacementDecision` is one; so is `{ clusters: compact.placements }` of a
 * `CompactDecision`, and both give the same decisions: lines of clusters
 * that run nothing may be left out.
 *
 * @public
 */
export interface PreviousPlacement {
  /** The clusters that ran something (others may be listed with no roles). */
  clusters: readonly {
    name: string;
    roles: readonly ResourceRole[];
    replicas: Readonly<Record<ResourceRole, number>>;
  }[];
}

/**
 * Failover, as the health filter applies it when given one: an unhealthy
 * cluster receives nothing new, but keeps the compute it already runs for
 * `gracePeriodMs` after it became unhealthy (a short blip moves nothing),
 * and keeps its data for good (data moves only by an approved request).
 * Health is judged at `now`, one instant for a whole evaluation, so the same
 * input always gives the same decision.
 *
 * @public
 */
export interface FailoverPolicy {
  /** How long an unhealthy cluster keeps the compute it runs. */
  gracePeriodMs: number;
  /** The instant health is judged at. */
  now: Date;
}

/**
 * What one replica of a role requests (cpu in cores, memory in bytes,
 * GPUs), as the resource interpreters of its kinds say. When one cannot
 * tell, `unknown` says why and every amount is Infinity, so that no
 * cluster has room for it.
 *
 * @public
 */
export interface ReplicaRequests {
  cpu: number;
  memory: number;
  gpu: number;
  unknown?: string;
}

/** What every filter and scorer sees for one role of one service. @public */
export interface PlacementContext {
  service: FederatedService;
  fleet: Fleet;
  role: ResourceRole;
  /** Countries the residency stands for (groups expanded); undefined when the service sets none. */
  residencyCountries?: Set<string>;
  /** Governance policies for the service's data classification, with their countries. */
  governance?: { policy: GovernancePolicy; countries: Set<string> }[];
  /** What one replica of this role requests. */
  requests: ReplicaRequests;
  previous?: PreviousPlacement;
}

/**
 * A step of the placement pipeline. A filter returns the reasons a cluster is
 * not eligible (empty: eligible); a scorer returns 0–100, higher is better.
 * The backend accepts more plugins through an extension point.
 *
 * @public
 */
export interface PlacementPlugin {
  name: string;
  filter?(cluster: ClusterProfile, context: PlacementContext): Reason[];
  score?(cluster: ClusterProfile, context: PlacementContext): number;
  /** How much the score counts in the total (default 1). */
  weight?: number;
}
