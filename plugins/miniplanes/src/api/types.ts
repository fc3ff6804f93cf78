import {
  ClusterProfile,
  FederatedService,
  HistoryEvent,
  PlacementDecision,
  PlacementRequestView,
  RequestStatus,
} from '@miniplanes/plugin-miniplanes-common';

export type { HistoryEvent, PlacementRequestView, RequestStatus };

/** A cluster of the fleet, as GET /clusters serves it. @public */
export interface FleetCluster extends ClusterProfile {
  title?: string;
  connected: boolean;
  services: string[];
}

/** A federated service with its decision, status and history. @public */
export interface FederatedServiceView {
  entityRef: string;
  specVersion: number;
  spec: FederatedService;
  decision?: PlacementDecision;
  status: unknown;
  history?: HistoryEvent[];
  requests?: PlacementRequestView[];
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
  }): Promise<PlacementRequestView[]>;
  fileRequest(input: {
    entityRef: string;
    reason: string;
    spec: FederatedService | string;
  }): Promise<PlacementRequestView>;
  decide(
    id: string,
    action: 'approve' | 'reject' | 'withdraw',
    comment?: string,
  ): Promise<PlacementRequestView>;
}
