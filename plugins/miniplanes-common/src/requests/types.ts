import { DecisionDiff } from '../diff/diffDecisions';
import { FederatedService } from '../model/types';
import { PlacementDecision } from '../placement/types';
import type {
  ObjectRef as SyncedObjectRef,
  PolicyCheck,
  RequestWait,
} from '../schema/openapi';

export type {
  /** One policy check of a request; a failed one blocks approval. */
  PolicyCheck,
  /** A cluster an approved request waits for, and why. */
  RequestWait,
} from '../schema/openapi';

/** Where a placement request is in its lifecycle. @public */
export const REQUEST_STATUSES = [
  'pending',
  'approved',
  'applied',
  'failed',
  'rejected',
  'withdrawn',
] as const;

/** @public */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * Who files the proposals a fleet change makes when the placement policy
 * would move data: data moves only by an approved request. @public
 */
export const FLEET_PROPOSER = 'miniplanes:fleet';

/** A placement request as stored: who asked, why, and what it would do. @public */
export interface PlacementRequest {
  id: string;
  entityRef: string;
  status: RequestStatus;
  requestedBy: string;
  reason: string;
  /** The proposed FederatedService. */
  spec: FederatedService;
  /** The decision the proposal gives. */
  decision: PlacementDecision;
  /** Against the current decision. */
  diff: DecisionDiff;
  checks: PolicyCheck[];
  /** The spec version the request was filed against; absent for a first placement. */
  baseSpecVersion?: number;
  /** What approving it implies beyond the placement diff. */
  impact?: RequestImpact;
  decidedBy?: string;
  /** When it was approved, rejected or withdrawn. */
  decidedAt?: string;
  /** When approvers were told it had waited too long to be applied. */
  escalatedAt?: string;
  comment?: string;
  failure?: string;
  createdAt: string;
  updatedAt: string;
}

/** An object in one cluster that a request's approval affects. @public */
export interface ClusterObjectRef extends SyncedObjectRef {
  cluster: string;
}

/**
 * What approving a request does to the clusters beyond where replicas run,
 * computed at filing from what miniplanes applied, so approvers see it. @public
 */
export interface RequestImpact {
  /** Every object the sync will delete, by cluster: released data and what is no longer placed. */
  deletes: (ClusterObjectRef & { reason: string })[];
  /** Data objects kept where they no longer belong, until a version releases them. */
  kept: (ClusterObjectRef & { reason: string })[];
  /** Existing objects the version takes over (`miniplanes.io/adopt`). */
  adoptions: SyncedObjectRef[];
  /**
   * Cluster-scoped or otherwise powerful kinds the version applies with
   * miniplanes' write access. `clusterWide` marks those that act on the
   * whole cluster (cluster-scoped kinds), which filing needed
   * `miniplanes.request.privileged` for; absent on requests filed before
   * miniplanes told them apart.
   */
  privileged: (SyncedObjectRef & { reason: string; clusterWide?: boolean })[];
}

/** A request as the API serves it: stale when the service changed since it was filed. @public */
export interface PlacementRequestView extends PlacementRequest {
  stale: boolean;
  /** For an approved request, the placed clusters that have not taken it yet. */
  waitingFor?: RequestWait[];
}

/** One entry of a service's or a request's history. @public */
export interface HistoryEvent {
  id: number;
  entityRef: string;
  requestId?: string;
  type: string;
  actor?: string;
  message: string;
  details?: unknown;
  createdAt: string;
}
