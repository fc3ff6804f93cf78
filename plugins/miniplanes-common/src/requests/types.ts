import { DecisionDiff } from '../diff/diffDecisions';
import { FederatedService } from '../model/types';
import { PlacementDecision } from '../placement/types';

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

/** One policy check of a request; a failed one blocks approval. @public */
export interface PolicyCheck {
  name: string;
  passed: boolean;
  message: string;
}

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
  decidedBy?: string;
  comment?: string;
  failure?: string;
  createdAt: string;
  updatedAt: string;
}

/** A cluster an approved request waits for, and why. @public */
export interface RequestWait {
  cluster: string;
  reason: string;
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
