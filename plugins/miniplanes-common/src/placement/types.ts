import {
  ClusterProfile,
  FederatedService,
  Fleet,
  GovernancePolicy,
  ResourceRole,
} from '../model/types';

/**
 * Why a cluster was or was not chosen. The codes of the decision contract
 * never change meaning; `ResourceNotServed` and `Stability` are additions.
 *
 * @public
 */
export type ReasonCode =
  | 'Selector'
  | 'Capability'
  | 'Taint'
  | 'Residency'
  | 'Governance'
  | 'Health'
  | 'Capacity'
  | 'Spread'
  | 'Selected'
  | 'ResourceNotServed';

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
  requests: { cpu: number; memory: number; gpu: number };
  previous?: PlacementDecision;
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
