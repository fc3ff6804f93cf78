import {
  FederatedServiceDocument,
  FleetCluster,
  FleetGovernance,
  HistoryPage,
  PlacementDecision,
  PlacementRequestView,
  RequestDecision,
  RequestStatus,
  RequestWithHistory,
  RequestsPage,
  RolloutAction,
  RolloutState,
  ServiceEvidence,
  ServiceWithHistory,
  SovereigntyChange,
} from '@miniplanes/plugin-miniplanes-common';

// The REST API's wire types live in the common package, next to the client
// generated from the OpenAPI document; the plugin re-exports the ones its
// public API uses.
export type {
  ClusterStatusState,
  ClusterSyncState,
  ClusterSyncStatus,
  FederatedServiceDocument,
  FederatedServiceView,
  FleetCluster,
  FleetGovernance,
  HistoryEvent,
  HistoryPage,
  ObjectSyncStatus,
  PlacementRequestView,
  RequestDecision,
  RequestStatus,
  RequestWithHistory,
  RequestsPage,
  RolloutAction,
  RolloutState,
  RolloutView,
  ServiceEvidence,
  ServiceSyncState,
  ServiceSyncStatus,
  ServiceWithHistory,
  SovereigntyChange,
  SyncedObjectRef,
} from '@miniplanes/plugin-miniplanes-common';

/** The miniplanes REST API, as the portal uses it. @public */
export interface MiniplanesApi {
  getClusters(): Promise<FleetCluster[]>;
  /** The fleet's data rules: governance policies, jurisdiction groups, storage locations. */
  getGovernance(): Promise<FleetGovernance>;
  /** The recorded changes of the clusters' jurisdictions, newest first. */
  getSovereigntyChanges(): Promise<SovereigntyChange[]>;
  /** The federated service of an entity; undefined when it has none. */
  getService(entityRef: string): Promise<ServiceWithHistory | undefined>;
  preview(service: FederatedServiceDocument): Promise<PlacementDecision>;
  /** Where a service's data has lived and by whose approval; rejects with a ResponseError (404) when it has no federated service. */
  getEvidence(entityRef: string): Promise<ServiceEvidence>;
  /** A service's history entries older than entry `before`, at most `limit`; whether older ones remain. */
  getServiceHistory(
    entityRef: string,
    query: { before?: number; limit?: number },
  ): Promise<HistoryPage>;
  /** One request by id; rejects with a ResponseError (404) when there is none. */
  getRequest(id: string): Promise<RequestWithHistory>;
  /**
   * One page of placement requests, newest first: at most `limit`, starting
   * where the page before ended (its `nextCursor`, absent on the last page).
   */
  listRequests(query: {
    status?: RequestStatus;
    entityRef?: string;
    limit: number;
    cursor?: string;
  }): Promise<RequestsPage>;
  fileRequest(input: {
    entityRef: string;
    reason: string;
    spec: FederatedServiceDocument;
  }): Promise<PlacementRequestView>;
  decide(
    id: string,
    action: RequestDecision,
    comment?: string,
  ): Promise<PlacementRequestView>;
  /** Opens a stage's gate (`approveStage`, with the stage), pauses, resumes or aborts a staged rollout. */
  actOnRollout(
    entityRef: string,
    action: RolloutAction,
    body?: { stage?: string; comment?: string },
  ): Promise<RolloutState>;
}
