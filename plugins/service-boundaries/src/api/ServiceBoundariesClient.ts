import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  BoundaryMap,
  DriftReport,
  OwnershipAnswer,
  ServiceBoundary,
  UnownedReport,
} from '@supply-chain/plugin-service-boundaries-common';
import {
  OwnershipBatchAnswer,
  ServiceBoundariesApi,
} from './ServiceBoundariesApi';

/**
 * Client of the service-boundaries backend.
 *
 * @public
 */
export class ServiceBoundariesClient implements ServiceBoundariesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getBoundary(entityRef: string): Promise<ServiceBoundary> {
    return this.get('/boundaries', { entityRef });
  }

  getBoundaryMap(entityRef?: string): Promise<BoundaryMap> {
    return this.get('/map', { entityRef });
  }

  getDrift(entityRef?: string): Promise<DriftReport> {
    return this.get('/drift', { entityRef });
  }

  whoOwns(query: string): Promise<OwnershipAnswer> {
    return this.get('/owners', { q: query });
  }

  async whoOwnsBatch(identifiers: string[]): Promise<OwnershipBatchAnswer> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}/owners/batch`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifiers }),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  getUnowned(): Promise<UnownedReport> {
    return this.get('/unowned', {});
  }

  private async get<T>(
    path: string,
    query: Record<string, string | undefined>,
  ): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, value);
    }
    const qs = params.toString();
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  private baseUrl() {
    return this.discoveryApi.getBaseUrl('service-boundaries');
  }
}
