import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntitySizingResponse,
  NodeGroupsResponse,
  ServicesCapacityResponse,
} from '@supply-chain/plugin-capacity-common';
import type { CapacityApi } from './CapacityApi';

/**
 * Talks to `@supply-chain/plugin-capacity-backend` through the discovery and
 * fetch APIs (the fetch API adds the user's token).
 * @public
 */
export class CapacityClient implements CapacityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntitySizing(entityRef: string): Promise<EntitySizingResponse> {
    const base = await this.discoveryApi.getBaseUrl('capacity');
    const query = new URLSearchParams({ entityRef });
    const response = await this.fetchApi.fetch(`${base}/entity?${query}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as EntitySizingResponse;
  }

  async getServicesCapacity(): Promise<ServicesCapacityResponse> {
    const base = await this.discoveryApi.getBaseUrl('capacity');
    const response = await this.fetchApi.fetch(`${base}/services`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as ServicesCapacityResponse;
  }

  async getNodeGroups(): Promise<NodeGroupsResponse> {
    const base = await this.discoveryApi.getBaseUrl('capacity');
    const response = await this.fetchApi.fetch(`${base}/node-groups`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as NodeGroupsResponse;
  }
}
