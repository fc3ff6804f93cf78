import {
  DecisionDiff,
  FederatedService,
  HistoryEvent,
  PlacementDecision,
  PlacementRequest,
  RequestStatus,
} from '@miniplanes/plugin-miniplanes-common';
import type { PlacedServices } from './PlacedServicesIndex';

export type { PlacementRequest, RequestStatus };
export type { PlacedServices } from './PlacedServicesIndex';

export interface StoredService {
  entityRef: string;
  specVersion: number;
  spec: FederatedService;
  /**
   * The current decision. Its `clusters` are only the clusters it places,
   * unless the service was read with `fullDecision` (every cluster of the
   * fleet explained, as the API returns it).
   */
  decision?: PlacementDecision;
  /** A digest of the whole decision, to tell whether a new one differs without reading it. */
  decisionDigest?: string;
  /** The spec version the decision was computed for. */
  decisionSpecVersion?: number;
  /** The last version the sync could render and place, and its decision (the clusters it places). */
  goodSpecVersion?: number;
  goodDecision?: PlacementDecision;
  status?: unknown;
  source: 'api' | 'seed' | 'request';
  createdAt: string;
  updatedAt: string;
}

/** An entry of the history the store keeps. */
export type ServiceEvent = HistoryEvent;

/** A spec version as the history keeps it: who made it, from which request, with which decision. */
export interface StoredVersion {
  specVersion: number;
  spec: FederatedService;
  /** The decision it was approved with (versions from seeds have none). */
  decision?: PlacementDecision;
  /** The approver, for a version from a request. */
  createdBy?: string;
  requestId?: string;
  createdAt: string;
}

/** A retained object an approved version releases for deletion, by name and uid. */
export interface ReleasedObject {
  cluster: string;
  objectKey: string;
  uid?: string;
}

/** Everything an approval writes, in one transaction. */
export interface Approval {
  requestId: string;
  actor: string;
  comment?: string;
  /** The decision for the new version, computed from the request's spec. */
  decision: PlacementDecision;
  /** Against the decision of the version it replaces, for the history. */
  diff?: DecisionDiff;
  releases?: ReleasedObject[];
}

/** A version the sync could render and place: the service's last good one. */
export interface GoodVersion {
  entityRef: string;
  specVersion: number;
  decision: PlacementDecision;
}

/** Where miniplanes keeps services, requests and their history. */
/** Where a page of requests ends: the next page starts after it. */
export interface RequestPosition {
  createdAt: string;
  id: string;
}

/** Which requests to list: by status and service, both optional. */
export interface RequestFilter {
  status?: RequestStatus;
  entityRef?: string;
}

export interface MiniplanesStore {
  /** With `fullDecision`, each decision explains every cluster; else it lists the clusters it places. */
  listServices(options?: { fullDecision?: boolean }): Promise<StoredService[]>;
  /**
   * Up to `limit` services by entity ref, after `after`; `next` is the ref
   * the following page starts after, absent after the last.
   */
  pageServices(
    page: { limit: number; after?: string },
    options?: { fullDecision?: boolean },
  ): Promise<{ services: StoredService[]; next?: string }>;
  /** The services whose spec or decision was written at or after `since` (the others are not read). */
  listServicesUpdatedSince(since: Date): Promise<StoredService[]>;
  getService(
    entityRef: string,
    options?: { fullDecision?: boolean },
  ): Promise<StoredService | undefined>;
  /** Stores a new spec version (1 for a new service) and returns the service. */
  putSpec(input: {
    entityRef: string;
    spec: FederatedService;
    source: StoredService['source'];
    actor?: string;
    requestId?: string;
  }): Promise<StoredService>;
  /**
   * Writes a decision computed for the given spec version; false, writing
   * nothing, when the service's spec has moved on since.
   */
  setDecision(
    entityRef: string,
    specVersion: number,
    decision: PlacementDecision,
  ): Promise<boolean>;
  /** Per cluster, the services its decisions place there (kept up to date without reading every service). */
  placedServices(): Promise<PlacedServices>;
  /** Records, of each service given, the last version the sync could render and place. */
  setGoodVersions(versions: GoodVersion[]): Promise<void>;
  /** Every version of a service's spec, oldest first. */
  listVersions(entityRef: string): Promise<StoredVersion[]>;
  /** One version of a service's spec, with the decision it was approved with. */
  getVersion(
    entityRef: string,
    specVersion: number,
  ): Promise<
    { spec: FederatedService; decision?: PlacementDecision } | undefined
  >;
  /**
   * Approves a pending request: the request moves to approved, its spec
   * becomes the service's next version with its decision, its releases and
   * history are written — all or nothing. Refuses (ConflictError) a request
   * no longer pending, or whose service changed since it was filed.
   */
  approveRequest(approval: Approval): Promise<{ specVersion: number }>;
  setStatus(entityRef: string, status: unknown): Promise<void>;
  /** The spec version an approved request became; undefined before approval. */
  specVersionOfRequest(requestId: string): Promise<number | undefined>;

  createRequest(request: PlacementRequest): Promise<void>;
  /** Stores the request unless one of its id exists: whether it did. */
  createRequestOnce(request: PlacementRequest): Promise<boolean>;
  getRequest(id: string): Promise<PlacementRequest | undefined>;
  /** Every request the filter keeps, newest first. */
  listRequests(filter: RequestFilter): Promise<PlacementRequest[]>;
  /**
   * Up to `limit` requests the filter keeps, newest first, starting after
   * `after`; `next` is where the following page starts, absent after the
   * last. A request filed meanwhile is newer than every page's start, so
   * paging on shows none twice and skips none that was there.
   */
  pageRequests(
    filter: RequestFilter,
    page: { limit: number; after?: RequestPosition },
  ): Promise<{ requests: PlacementRequest[]; next?: RequestPosition }>;
  /** How many requests are in `status`, without reading them. */
  countRequests(status: RequestStatus): Promise<number>;
  /**
   * Moves a request from one status to another; false when it was no longer
   * in `from` (another replica or user got there first).
   */
  transitionRequest(
    id: string,
    from: RequestStatus[],
    update: Partial<
      Pick<
        PlacementRequest,
        'status' | 'decidedBy' | 'comment' | 'failure' | 'escalatedAt'
      >
    > & {
      status: RequestStatus;
    },
  ): Promise<boolean>;

  addEvent(event: Omit<ServiceEvent, 'id' | 'createdAt'>): Promise<void>;
  listEvents(filter: {
    entityRef?: string;
    requestId?: string;
  }): Promise<ServiceEvent[]>;
  /**
   * A service's newest `limit` events older than event `beforeId` (all of
   * its newest without it), oldest first, and whether older ones remain.
   */
  pageEvents(
    entityRef: string,
    page: { limit: number; beforeId?: number },
  ): Promise<{ events: ServiceEvent[]; more: boolean }>;
}
