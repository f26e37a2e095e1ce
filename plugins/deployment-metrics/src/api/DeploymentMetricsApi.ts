import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EntityMetricsResponse,
  GroupMetricsResponse,
  MetricsGroupBy,
  RolloutFilter,
  RolloutsResponse,
} from '@supply-chain/plugin-deployment-metrics-common';

/** A window as the API takes it: ISO dates, both optional. @public */
export interface WindowQuery {
  from?: string;
  to?: string;
}

/** The deployment-metrics backend, for the browser. @public */
export interface DeploymentMetricsApi {
  getEntityMetrics(
    entity: CompoundEntityRef,
    window?: WindowQuery,
  ): Promise<EntityMetricsResponse>;
  getGroupMetrics(
    groupBy: MetricsGroupBy,
    window?: WindowQuery,
  ): Promise<GroupMetricsResponse>;
  getRollouts(options: {
    entityRef?: string;
    outcome?: RolloutFilter;
    window?: WindowQuery;
  }): Promise<RolloutsResponse>;
}

/** @public */
export const deploymentMetricsApiRef = createApiRef<DeploymentMetricsApi>({
  id: 'plugin.deployment-metrics.service',
});
