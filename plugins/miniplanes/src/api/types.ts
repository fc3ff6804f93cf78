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

/** The state of a whole federated service, worst first. @public */
export type ServiceSyncState =
  | 'Error'
  | 'Degraded'
  | 'Drifted'
  | 'Progressing'
  | 'InSync';

/**
 * The sync state in one cluster; Pending when the cluster was not synced
 * since the service's spec or decision last changed. @public
 */
export type ClusterSyncState =
  | 'InSync'
  | 'Progressing'
  | 'Drifted'
  | 'Error'
  | 'BackingOff'
  | 'Pending';

/** A Kubernetes object miniplanes manages in a member cluster. @public */
export interface SyncedObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** What the last sync saw and did to one object. @public */
export interface ObjectSyncStatus extends SyncedObjectRef {
  role: 'data' | 'compute' | 'config' | 'access';
  state:
    | 'InSync'
    | 'Progressing'
    | 'Drifted'
    | 'Retained'
    | 'Conflict'
    | 'Error';
  action: 'applied' | 'pruned' | 'retained' | 'none' | 'skipped';
  generation?: number;
  desiredReplicas?: number;
  readyReplicas?: number;
  driftedFields?: string[];
  reason?: 'missing' | 'changed' | 'drift';
  message?: string;
}

/** A service's sync status in one cluster it is or was placed in. @public */
export interface ClusterSyncStatus {
  cluster: string;
  /** The current decision places something of the service here. */
  placed: boolean;
  state: ClusterSyncState;
  specVersion?: number;
  appliedHash?: string;
  appliedGeneration?: number;
  desiredReplicas?: number;
  readyReplicas?: number;
  /** Drifts found and restored there so far. */
  driftCount: number;
  /** Data objects kept there although the service is no longer placed there. */
  retained: SyncedObjectRef[];
  objects: ObjectSyncStatus[];
  lastError?: string;
  lastSyncAt?: string;
  lastChangeAt?: string;
}

/** A service's aggregated sync status, as GET /services/... serves it. @public */
export interface ServiceSyncStatus {
  state: ServiceSyncState;
  message: string;
  /** Absent while no cluster was ever synced. */
  lastSyncAt?: string;
  clusters: ClusterSyncStatus[];
}

/** A federated service with its decision, status and history. @public */
export interface FederatedServiceView {
  entityRef: string;
  specVersion: number;
  spec: FederatedService;
  decision?: PlacementDecision;
  status: ServiceSyncStatus;
  history?: HistoryEvent[];
  requests?: PlacementRequestView[];
}

/** The miniplanes REST API, as the portal uses it. @public */
export interface MiniplanesApi {
  getClusters(): Promise<FleetCluster[]>;
  /** The federated service of an entity; undefined when it has none. */
  getService(entityRef: string): Promise<FederatedServiceView | undefined>;
  preview(service: FederatedService | string): Promise<PlacementDecision>;
  /** One request by id; rejects with a NotFoundError when there is none. */
  getRequest(id: string): Promise<PlacementRequestView>;
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
