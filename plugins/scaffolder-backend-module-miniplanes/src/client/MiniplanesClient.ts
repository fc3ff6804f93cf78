import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  FederatedService,
  MINIPLANES_PLUGIN_ID,
  PlacementDecision,
  PlacementRequestView,
} from '@miniplanes/plugin-miniplanes-common';
import { splitEntityRef } from './entityRefs';

/** A federated service as `GET /services/:namespace/:kind/:name` serves it (the fields the actions use). */
export interface FederatedServiceView {
  entityRef: string;
  specVersion: number;
  spec: FederatedService;
}

/** Every call is made as someone: the actions pass the template initiator. */
export interface CallOptions {
  credentials: BackstageCredentials;
}

/**
 * The calls the scaffolder actions make to the miniplanes backend. Each one
 * carries a token issued on behalf of the caller's credentials, so the
 * backend's permission checks apply to the template's user, not to the
 * scaffolder.
 */
export class MiniplanesClient {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  fileRequest(
    body: { entityRef: string; reason: string; spec: FederatedService },
    options: CallOptions,
  ): Promise<PlacementRequestView> {
    return this.call('POST', '/requests', options, body);
  }

  getRequest(id: string, options: CallOptions): Promise<PlacementRequestView> {
    return this.call('GET', `/requests/${encodeURIComponent(id)}`, options);
  }

  /** The current service, or undefined when none is stored for the entity. */
  async getService(
    entityRef: string,
    options: CallOptions,
  ): Promise<FederatedServiceView | undefined> {
    const { kind, namespace, name } = splitEntityRef(entityRef);
    const path = `/services/${[namespace, kind, name]
      .map(encodeURIComponent)
      .join('/')}`;
    try {
      return await this.call('GET', path, options);
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return undefined;
      throw error;
    }
  }

  /** Evaluates a document against the live fleet without storing anything. */
  preview(
    service: FederatedService,
    options: CallOptions,
  ): Promise<PlacementDecision> {
    return this.call('POST', '/preview', options, { service });
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    options: CallOptions,
    body?: unknown,
  ): Promise<T> {
    const [baseUrl, { token }] = await Promise.all([
      this.deps.discovery.getBaseUrl(MINIPLANES_PLUGIN_ID),
      this.deps.auth.getPluginRequestToken({
        onBehalfOf: options.credentials,
        targetPluginId: MINIPLANES_PLUGIN_ID,
      }),
    ]);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw await apiError(method, path, response);
    return (await response.json()) as T;
  }
}

/**
 * The API's `{ error: { name, message } }` as a thrown error with the same
 * name and message, so the step's log says what the backend said.
 */
async function apiError(
  method: string,
  path: string,
  response: Response,
): Promise<Error> {
  const text = await response.text();
  let error: { name?: unknown; message?: unknown } | undefined;
  try {
    error = JSON.parse(text)?.error;
  } catch {
    // Not JSON: a proxy or a crash answered; report the raw text below.
  }
  const result = new Error(
    typeof error?.message === 'string'
      ? error.message
      : `miniplanes answered ${method} ${path} with ${response.status} ${
          response.statusText
        }${text ? `: ${text.slice(0, 200)}` : ''}`,
  );
  result.name =
    typeof error?.name === 'string' ? error.name : 'MiniplanesApiError';
  return result;
}
