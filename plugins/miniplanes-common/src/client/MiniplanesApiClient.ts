import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import { FederatedService } from '../model/types';
import { PlacementDecision } from '../placement/types';
import {
  HistoryEvent,
  PlacementRequestView,
  RequestStatus,
} from '../requests/types';
import {
  FederatedServiceSummary,
  FederatedServiceView,
  FleetCluster,
  FleetGovernance,
  RolloutAction,
  SovereigntyChange,
} from '../api/views';
import { ServiceEvidence } from '../api/evidence';
import { RolloutState } from '../rollout/advanceRollout';
import {
  DefaultApiClient,
  GetGovernance200Response,
  GetServiceHistory200Response,
  ListClusters200Response,
  ListRequests200Response,
  ListServices200Response,
  ListSovereigntyChanges200Response,
  PlacementDecision as GeneratedDecision,
  PlacementRequest as GeneratedRequest,
  PlacementRequestWithHistory,
  RolloutState as GeneratedRolloutState,
  ServiceEvidence as GeneratedEvidence,
  ServiceView,
  TypedResponse,
} from '../schema/openapi';

/**
 * Per-call options: a backend calling on someone's behalf passes the token
 * it got for them; the frontend's fetchApi adds the user's token itself.
 *
 * @public
 */
export interface MiniplanesRequestOptions {
  token?: string;
}

/** A FederatedService as an object, or as YAML or JSON text. @public */
export type FederatedServiceDocument = FederatedService | string;

/**
 * One page of placement requests, newest first, and where the next page
 * starts (absent on the last).
 *
 * @public
 */
export interface RequestsPage {
  /** At most the `limit` asked for; fewer where the caller may not read some. */
  items: PlacementRequestView[];
  /** The `cursor` to ask for the next page with; absent on the last page. */
  nextCursor?: string;
}

/**
 * A page of a service's history: entries oldest first, and whether older
 * ones remain.
 *
 * @public
 */
export interface HistoryPage {
  /** Oldest first. */
  items: HistoryEvent[];
  /** True while entries older than these remain. */
  more: boolean;
}

/**
 * One page of federated services, by entity ref, and where the next page
 * starts (absent on the last).
 *
 * @public
 */
export interface ServicesPage {
  /** At most the `limit` asked for; fewer where the caller may not read some. */
  items: FederatedServiceSummary[];
  /** The `cursor` to ask for the next page with; absent on the last page. */
  nextCursor?: string;
}

/** What approvers and requesters do to a pending request. @public */
export type RequestDecision = 'approve' | 'reject' | 'withdraw';

/**
 * A service as `GET /services/:namespace/:kind/:name` serves it: always with
 * its history and pending requests.
 *
 * @public
 */
export type ServiceWithHistory = FederatedServiceView &
  Required<Pick<FederatedServiceView, 'history' | 'requests'>>;

/**
 * A request as `GET /requests/:id` serves it: with its history.
 *
 * @public
 */
export type RequestWithHistory = PlacementRequestView & {
  history: HistoryEvent[];
};

/**
 * The body of a successful answer, as the wire type the server builds it
 * from. `Wire extends Spec` has the compiler check that the wire type honours
 * what the OpenAPI document says of the answer; the router's tests check the
 * server's answers against the same document.
 */
async function answer<Spec, Wire extends Spec>(
  response: TypedResponse<Spec>,
): Promise<Wire> {
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return (await response.json()) as Wire;
}

/** The items of a successful answer to a list call, as `answer` reads it. */
async function listItems<Spec, Wire extends Spec & { items: unknown[] }>(
  response: TypedResponse<Spec>,
): Promise<Wire['items']> {
  return (await answer<Spec, Wire>(response)).items;
}

/**
 * The typed client of the miniplanes REST API, a thin layer over the client
 * generated from the backend's OpenAPI document (as Backstage's CatalogClient
 * wraps its generated client). Answers are the wire types of this package;
 * a failed call throws a ResponseError whose `cause` is the server's
 * `{ name, message }`.
 *
 * @public
 */
export class MiniplanesApiClient {
  private readonly api: DefaultApiClient;

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.api = new DefaultApiClient(options);
  }

  /** The fleet: every member cluster's profile, health and services. */
  async getClusters(
    options?: MiniplanesRequestOptions,
  ): Promise<FleetCluster[]> {
    return listItems<ListClusters200Response, { items: FleetCluster[] }>(
      await this.api.listClusters({}, options),
    );
  }

  /** The fleet's data rules: governance policies, jurisdiction groups, storage locations. */
  async getGovernance(
    options?: MiniplanesRequestOptions,
  ): Promise<FleetGovernance> {
    return answer<GetGovernance200Response, FleetGovernance>(
      await this.api.getGovernance({}, options),
    );
  }

  /** The recorded changes of the clusters' jurisdictions, newest first. */
  async getSovereigntyChanges(
    query: { limit?: number } = {},
    options?: MiniplanesRequestOptions,
  ): Promise<SovereigntyChange[]> {
    return listItems<
      ListSovereigntyChanges200Response,
      { items: SovereigntyChange[] }
    >(await this.api.listSovereigntyChanges({ query }, options));
  }

  /** Every federated service, with its decision and a summary of its sync status. */
  async getServices(
    options?: MiniplanesRequestOptions,
  ): Promise<FederatedServiceSummary[]> {
    return listItems<
      ListServices200Response,
      { items: FederatedServiceSummary[] }
    >(await this.api.listServices({ query: {} }, options));
  }

  /**
   * One page of federated services by entity ref: at most `limit`, after
   * where the page before ended (its `nextCursor`).
   */
  async getServicesPage(
    query: { limit: number; cursor?: string },
    options?: MiniplanesRequestOptions,
  ): Promise<ServicesPage> {
    return answer<ListServices200Response, ServicesPage>(
      await this.api.listServices({ query }, options),
    );
  }

  /**
   * The federated service of an entity (`kind:namespace/name`), with its
   * status, history and pending requests; undefined when it has none.
   */
  async getService(
    entityRef: string,
    options?: MiniplanesRequestOptions,
  ): Promise<ServiceWithHistory | undefined> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const response = await this.api.getService(
      { path: { kind, namespace, name } },
      options,
    );
    if (response.status === 404) return undefined;
    return answer<ServiceView, ServiceWithHistory>(response);
  }

  /**
   * A service's history entries older than entry `before` (the newest
   * without it), at most `limit` (200 when absent); throws a ResponseError
   * (404) when it has no federated service.
   */
  async getServiceHistory(
    entityRef: string,
    query: { before?: number; limit?: number } = {},
    options?: MiniplanesRequestOptions,
  ): Promise<HistoryPage> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return answer<GetServiceHistory200Response, HistoryPage>(
      await this.api.getServiceHistory(
        { path: { kind, namespace, name }, query },
        options,
      ),
    );
  }

  /** Where a service's data has lived and by whose approval, for auditors; throws a ResponseError (404) when it has no federated service. */
  async getEvidence(
    entityRef: string,
    options?: MiniplanesRequestOptions,
  ): Promise<ServiceEvidence> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return answer<GeneratedEvidence, ServiceEvidence>(
      await this.api.getServiceEvidence(
        { path: { kind, namespace, name } },
        options,
      ),
    );
  }

  /** The decision a document gets against the live fleet; stores nothing. */
  async preview(
    service: FederatedServiceDocument,
    options?: MiniplanesRequestOptions,
  ): Promise<PlacementDecision> {
    return answer<GeneratedDecision, PlacementDecision>(
      await this.api.preview({ body: { service } }, options),
    );
  }

  /** Placement requests, newest first. */
  async listRequests(
    filter: { status?: RequestStatus; entityRef?: string } = {},
    options?: MiniplanesRequestOptions,
  ): Promise<PlacementRequestView[]> {
    return listItems<
      ListRequests200Response,
      { items: PlacementRequestView[] }
    >(await this.api.listRequests({ query: filter }, options));
  }

  /**
   * One page of placement requests, newest first: at most `limit`, starting
   * where the page before ended (its `nextCursor`).
   */
  async listRequestsPage(
    query: {
      status?: RequestStatus;
      entityRef?: string;
      limit: number;
      cursor?: string;
    },
    options?: MiniplanesRequestOptions,
  ): Promise<RequestsPage> {
    return answer<ListRequests200Response, RequestsPage>(
      await this.api.listRequests({ query }, options),
    );
  }

  /** One request with its history; throws a ResponseError (404) when there is none. */
  async getRequest(
    id: string,
    options?: MiniplanesRequestOptions,
  ): Promise<RequestWithHistory> {
    return answer<PlacementRequestWithHistory, RequestWithHistory>(
      await this.api.getRequest({ path: { id } }, options),
    );
  }

  /** Files a placement request as the caller; it starts pending. */
  async fileRequest(
    request: {
      entityRef: string;
      reason: string;
      spec: FederatedServiceDocument;
    },
    options?: MiniplanesRequestOptions,
  ): Promise<PlacementRequestView> {
    return answer<GeneratedRequest, PlacementRequestView>(
      await this.api.fileRequest({ body: request }, options),
    );
  }

  /** Approves, rejects or withdraws a pending request, with an optional comment. */
  async decide(
    id: string,
    decision: RequestDecision,
    comment?: string,
    options?: MiniplanesRequestOptions,
  ): Promise<PlacementRequestView> {
    const request = { path: { id }, body: comment ? { comment } : {} };
    const call = {
      approve: () => this.api.approveRequest(request, options),
      reject: () => this.api.rejectRequest(request, options),
      withdraw: () => this.api.withdrawRequest(request, options),
    }[decision];
    return answer<GeneratedRequest, PlacementRequestView>(await call());
  }

  /**
   * Acts on the staged rollout of a service's current version: opens a
   * stage's gate (`approveStage`, with the stage), pauses, resumes or aborts it.
   */
  async actOnRollout(
    entityRef: string,
    action: RolloutAction,
    body: { stage?: string; comment?: string } = {},
    options?: MiniplanesRequestOptions,
  ): Promise<RolloutState> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return answer<GeneratedRolloutState, RolloutState>(
      await this.api.actOnRollout(
        { path: { kind, namespace, name, action }, body },
        options,
      ),
    );
  }
}
