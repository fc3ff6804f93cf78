import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  FederatedServiceDocument,
  MiniplanesApiClient,
  RequestDecision,
  RequestStatus,
  RolloutAction,
} from '@miniplanes/plugin-miniplanes-common';
import { MiniplanesApi } from './types';

/**
 * The portal's client of the REST API: the client generated from its OpenAPI
 * document (in the common package), with discovery to find the backend and
 * fetchApi to carry the user's identity. A failed call rejects with a
 * ResponseError whose `cause` is the server's `{ name, message }`.
 *
 * @public
 */
export class MiniplanesClient implements MiniplanesApi {
  private readonly client: MiniplanesApiClient;

  constructor(deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.client = new MiniplanesApiClient(deps);
  }

  getClusters() {
    return this.client.getClusters();
  }

  getGovernance() {
    return this.client.getGovernance();
  }

  getSovereigntyChanges() {
    return this.client.getSovereigntyChanges();
  }

  getService(entityRef: string) {
    return this.client.getService(entityRef);
  }

  getEvidence(entityRef: string) {
    return this.client.getEvidence(entityRef);
  }

  preview(service: FederatedServiceDocument) {
    return this.client.preview(service);
  }

  getRequest(id: string) {
    return this.client.getRequest(id);
  }

  getServiceHistory(
    entityRef: string,
    query: { before?: number; limit?: number },
  ) {
    return this.client.getServiceHistory(entityRef, query);
  }

  listRequests(query: {
    status?: RequestStatus;
    entityRef?: string;
    limit: number;
    cursor?: string;
  }) {
    return this.client.listRequestsPage(query);
  }

  fileRequest(input: {
    entityRef: string;
    reason: string;
    spec: FederatedServiceDocument;
  }) {
    return this.client.fileRequest(input);
  }

  decide(id: string, action: RequestDecision, comment?: string) {
    return this.client.decide(id, action, comment);
  }

  actOnRollout(
    entityRef: string,
    action: RolloutAction,
    body?: { stage?: string; comment?: string },
  ) {
    return this.client.actOnRollout(entityRef, action, body);
  }
}
