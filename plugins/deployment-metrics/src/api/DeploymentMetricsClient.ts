import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityMetricsResponse,
  GroupMetricsResponse,
  MetricsGroupBy,
  RolloutFilter,
  RolloutsResponse,
} from '@supply-chain/plugin-deployment-metrics-common';
import type { DeploymentMetricsApi, WindowQuery } from './DeploymentMetricsApi';

/**
 * Talks to `@supply-chain/plugin-deployment-metrics-backend` through the
 * discovery and fetch APIs.
 * @public
 */
export class DeploymentMetricsClient implements DeploymentMetricsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getEntityMetrics(entity: CompoundEntityRef, window: WindowQuery = {}) {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/');
    return this.get<EntityMetricsResponse>(`/entity/${path}/metrics`, {
      ...window,
    });
  }

  getGroupMetrics(groupBy: MetricsGroupBy, window: WindowQuery = {}) {
    return this.get<GroupMetricsResponse>('/metrics', { groupBy, ...window });
  }

  getRollouts(options: {
    entityRef?: string;
    outcome?: RolloutFilter;
    window?: WindowQuery;
  }) {
    return this.get<RolloutsResponse>('/rollouts', {
      entityRef: options.entityRef,
      outcome: options.outcome,
      ...options.window,
    });
  }

  private async get<T>(
    path: string,
    query: Record<string, string | undefined>,
  ): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('deployment-metrics');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, value);
    }
    const qs = params.toString();
    const response = await this.fetchApi.fetch(
      `${base}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
