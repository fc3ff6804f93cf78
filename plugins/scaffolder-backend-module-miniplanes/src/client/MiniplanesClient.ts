import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  FederatedService,
  MINIPLANES_PLUGIN_ID,
  MiniplanesApiClient,
  MiniplanesRequestOptions,
  PlacementDecision,
  PlacementRequestView,
  ServiceWithHistory,
} from '@miniplanes/plugin-miniplanes-common';
import { normalizeEntityRef } from './entityRefs';

/** Every call is made as someone: the actions pass the template initiator. */
export interface CallOptions {
  credentials: BackstageCredentials;
}

/**
 * The calls the scaffolder actions make to the miniplanes backend, through
 * the client generated from its OpenAPI document. Each one carries a token
 * issued on behalf of the caller's credentials, so the backend's permission
 * checks apply to the template's user, not to the scaffolder. A failed call
 * throws the server's error: its name and message, which the step's log shows.
 */
export class MiniplanesClient {
  private readonly client: MiniplanesApiClient;

  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {
    this.client = new MiniplanesApiClient({
      discoveryApi: deps.discovery,
      // Node's fetch, looked up per call (msw replaces it in tests).
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });
  }

  fileRequest(
    body: { entityRef: string; reason: string; spec: FederatedService },
    options: CallOptions,
  ): Promise<PlacementRequestView> {
    return this.call(options, as => this.client.fileRequest(body, as));
  }

  getRequest(id: string, options: CallOptions): Promise<PlacementRequestView> {
    return this.call(options, as => this.client.getRequest(id, as));
  }

  /** The current service, or undefined when none is stored for the entity. */
  getService(
    entityRef: string,
    options: CallOptions,
  ): Promise<ServiceWithHistory | undefined> {
    return this.call(options, as =>
      this.client.getService(normalizeEntityRef(entityRef), as),
    );
  }

  /** Evaluates a document against the live fleet without storing anything. */
  preview(
    service: FederatedService,
    options: CallOptions,
  ): Promise<PlacementDecision> {
    return this.call(options, as => this.client.preview(service, as));
  }

  private async call<T>(
    options: CallOptions,
    send: (as: MiniplanesRequestOptions) => Promise<T>,
  ): Promise<T> {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: MINIPLANES_PLUGIN_ID,
    });
    try {
      return await send({ token });
    } catch (error) {
      throw ResponseError.is(error) ? serverError(error) : error;
    }
  }
}

/**
 * The server's `{ error: { name, message } }` as a thrown error with the same
 * name and message, so the step's log says what the backend said (an answer
 * that is not Backstage's error JSON, from a proxy say, keeps its status and
 * text in the message).
 */
function serverError(error: ResponseError): Error {
  const result = new Error(error.cause.message);
  result.name = error.cause.name;
  return result;
}
