import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ClustersResponse,
  DeploymentRolloutResponse,
  DeploymentTarget,
  EntityRolloutsResponse,
  MLModelsResponse,
  RolloutActionResponse,
} from '@supply-chain/plugin-rollouts-common';
import type { RolloutAction, RolloutsApi } from './RolloutsApi';

/**
 * Talks to `@supply-chain/plugin-rollouts-backend` through the discovery and fetch APIs.
 *
 * @public
 */
export class RolloutsClient implements RolloutsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getEntityRollouts(entity: CompoundEntityRef) {
    return this.get<EntityRolloutsResponse>(`${entityPath(entity)}/rollouts`);
  }

  getDeploymentRollout(entity: CompoundEntityRef, target: DeploymentTarget) {
    return this.get<DeploymentRolloutResponse>(
      `${entityPath(entity)}/deployments/${segments(
        target.cluster,
        target.namespace,
        target.name,
      )}`,
    );
  }

  getEntityMLModels(entity: CompoundEntityRef) {
    return this.get<MLModelsResponse>(`${entityPath(entity)}/mlmodels`);
  }

  getMLModels() {
    return this.get<MLModelsResponse>('/mlmodels');
  }

  getClusters() {
    return this.get<ClustersResponse>('/clusters');
  }

  async runAction(
    entity: CompoundEntityRef,
    target: DeploymentTarget,
    action: RolloutAction,
  ): Promise<RolloutActionResponse> {
    const { type, ...params } = action;
    const body = {
      cluster: target.cluster,
      namespace: target.namespace,
      name: target.name,
      ...params,
    };
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${entityPath(entity)}/actions/${type}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as RolloutActionResponse;
  }

  private async get<T>(path: string): Promise<T> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${path}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('rollouts');
  }
}

function segments(...parts: string[]): string {
  return parts.map(encodeURIComponent).join('/');
}

function entityPath(entity: CompoundEntityRef): string {
  return `/entity/${segments(entity.kind, entity.namespace, entity.name)}`;
}
