import {
  ClusterProfile,
  DecisionDiff,
  FederatedService,
  PlacementDecision,
} from '@miniplanes/plugin-miniplanes-common';

/** A cluster of the fleet, as GET /clusters serves it. @public */
export interface FleetCluster extends ClusterProfile {
  title?: string;
  connected: boolean;
  services: string[];
}

/** @public */
export interface HistoryEvent {
  id: number;
  entityRef: string;
  requestId?: string;
  type: string;
  actor?: string;
  message: string;
  createdAt: string;
}

/** @public */
export type RequestStatus =
  | 'pending'
  | 'approved'
  | 'applied'
  | 'failed'
  | 'rejected'
  | 'withdrawn';

/** @public */
export interface PlacementRequest {
  id: string;
  entityRef: string;
  status: RequestStatus;
  requestedBy: string;
  reason: string;
  spec: FederatedService;
  decision: PlacementDecision;
  diff: DecisionDiff;
  checks: { name: string; passed: boolean; message: string }[];
  stale: boolean;
  decidedBy?: string;
  comment?: string;
  createdAt: string;
  updatedAt: string;
}

/** A federated service with its decision, status and history. @public */
export interface FederatedServiceView {
  entityRef: string;
  specVersion: number;
  spec: FederatedService;
  decision?: PlacementDecision;
  status: unknown;
  history?: HistoryEvent[];
  requests?: PlacementRequest[];
}

/** The miniplanes REST API, as the portal uses it. @public */
export interface MiniplanesApi {
  getClusters(): Promise<FleetCluster[]>;
  /** The federated service of an entity; undefined when it has none. */
  getService(entityRef: string): Promise<FederatedServiceView | undefined>;
  preview(service: FederatedService | string): Promise<PlacementDecision>;
  listRequests(filter?: {
    status?: RequestStatus;
    entityRef?: string;
  }): Promise<PlacementRequest[]>;
  fileRequest(input: {
    entityRef: string;
    reason: string;
    spec: FederatedService | string;
  }): Promise<PlacementRequest>;
  decide(
    id: string,
    action: 'approve' | 'reject' | 'withdraw',
    comment?: string,
  ): Promise<PlacementRequest>;
}
