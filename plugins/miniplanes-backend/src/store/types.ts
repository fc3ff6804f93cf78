import {
  FederatedService,
  HistoryEvent,
  PlacementDecision,
  PlacementRequest,
  RequestStatus,
} from '@miniplanes/plugin-miniplanes-common';

export type { PlacementRequest, RequestStatus };

export interface StoredService {
  entityRef: string;
  specVersion: number;
  spec: FederatedService;
  decision?: PlacementDecision;
  status?: unknown;
  source: 'api' | 'seed' | 'request';
  createdAt: string;
  updatedAt: string;
}

/** An entry of the history the store keeps. */
export type ServiceEvent = HistoryEvent;

/** Where miniplanes keeps services, requests and their history. */
export interface MiniplanesStore {
  listServices(): Promise<StoredService[]>;
  getService(entityRef: string): Promise<StoredService | undefined>;
  /** Stores a new spec version (1 for a new service) and returns the service. */
  putSpec(input: {
    entityRef: string;
    spec: FederatedService;
    source: StoredService['source'];
    actor?: string;
    requestId?: string;
  }): Promise<StoredService>;
  setDecision(entityRef: string, decision: PlacementDecision): Promise<void>;
  setStatus(entityRef: string, status: unknown): Promise<void>;
  /** The spec version an approved request became; undefined before approval. */
  specVersionOfRequest(requestId: string): Promise<number | undefined>;
  /**
   * For each cluster the current spec's data.release lists, the version that
   * added it: the first of the latest run of versions listing it.
   */
  releaseVersions(entityRef: string): Promise<Map<string, number>>;

  createRequest(request: PlacementRequest): Promise<void>;
  getRequest(id: string): Promise<PlacementRequest | undefined>;
  listRequests(filter: {
    status?: RequestStatus;
    entityRef?: string;
  }): Promise<PlacementRequest[]>;
  /**
   * Moves a request from one status to another; false when it was no longer
   * in `from` (another replica or user got there first).
   */
  transitionRequest(
    id: string,
    from: RequestStatus[],
    update: Partial<
      Pick<PlacementRequest, 'status' | 'decidedBy' | 'comment' | 'failure'>
    > & {
      status: RequestStatus;
    },
  ): Promise<boolean>;

  addEvent(event: Omit<ServiceEvent, 'id' | 'createdAt'>): Promise<void>;
  listEvents(filter: {
    entityRef?: string;
    requestId?: string;
  }): Promise<ServiceEvent[]>;
}
