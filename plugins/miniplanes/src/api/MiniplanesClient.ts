import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import {
  FederatedServiceView,
  FleetCluster,
  MiniplanesApi,
  PlacementRequestView,
  RequestStatus,
} from './types';

/**
 * The REST API client: discovery finds the backend, fetchApi carries the
 * user's identity. Errors keep the server's `{ error: { name, message } }`.
 *
 * @public
 */
export class MiniplanesClient implements MiniplanesApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('miniplanes');
    const response = await this.deps.fetchApi.fetch(`${base}${path}`, {
      method: init?.method ?? 'GET',
      ...(init?.body !== undefined
        ? {
            body: JSON.stringify(init.body),
            headers: { 'Content-Type': 'application/json' },
          }
        : {}),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  async getClusters() {
    return (await this.call<{ items: FleetCluster[] }>('/clusters')).items;
  }

  async getService(entityRef: string) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    try {
      return await this.call<FederatedServiceView>(
        `/services/${encodeURIComponent(namespace)}/${encodeURIComponent(
          kind,
        )}/${encodeURIComponent(name)}`,
      );
    } catch (error) {
      if ((error as ResponseError).response?.status === 404) return undefined;
      throw error;
    }
  }

  preview(service: unknown) {
    return this.call<PlacementDecision>('/preview', {
      method: 'POST',
      body: { service },
    });
  }

  getRequest(id: string) {
    return this.call<PlacementRequestView>(
      `/requests/${encodeURIComponent(id)}`,
    );
  }

  async listRequests(
    filter: { status?: RequestStatus; entityRef?: string } = {},
  ) {
    const query = new URLSearchParams(
      Object.entries(filter).filter(([, v]) => v !== undefined) as [
        string,
        string,
      ][],
    ).toString();
    return (
      await this.call<{ items: PlacementRequestView[] }>(
        `/requests${query ? `?${query}` : ''}`,
      )
    ).items;
  }

  fileRequest(input: { entityRef: string; reason: string; spec: unknown }) {
    return this.call<PlacementRequestView>('/requests', {
      method: 'POST',
      body: input,
    });
  }

  decide(
    id: string,
    action: 'approve' | 'reject' | 'withdraw',
    comment?: string,
  ) {
    return this.call<PlacementRequestView>(
      `/requests/${encodeURIComponent(id)}/${action}`,
      {
        method: 'POST',
        body: comment ? { comment } : {},
      },
    );
  }
}
