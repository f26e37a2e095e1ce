import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ClustersResponse,
  DeploymentRolloutResponse,
  DeploymentTarget,
  EntityRolloutsResponse,
  MLModelsResponse,
  RolloutActionResponse,
} from '@supply-chain/plugin-rollouts-common';

/**
 * A write the Rollouts tab can ask the backend for.
 *
 * @public
 */
export type RolloutAction =
  | { type: 'restart' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'undo'; toRevision: number }
  | { type: 'scale'; replicas: number };

/**
 * The rollouts backend as the browser sees it.
 *
 * @public
 */
export interface RolloutsApi {
  /** Deployments, revisions, pods, HPA and traffic split of one entity, per cluster. */
  getEntityRollouts(entity: CompoundEntityRef): Promise<EntityRolloutsResponse>;
  /** One Deployment of an entity. */
  getDeploymentRollout(
    entity: CompoundEntityRef,
    target: DeploymentTarget,
  ): Promise<DeploymentRolloutResponse>;
  /** MLModels that belong to one entity. */
  getEntityMLModels(entity: CompoundEntityRef): Promise<MLModelsResponse>;
  /** Every MLModel in every cluster. */
  getMLModels(): Promise<MLModelsResponse>;
  /** Health of the portal's watch of each cluster. */
  getClusters(): Promise<ClustersResponse>;
  /** Restart, pause, resume, undo or scale one Deployment of an entity. */
  runAction(
    entity: CompoundEntityRef,
    target: DeploymentTarget,
    action: RolloutAction,
  ): Promise<RolloutActionResponse>;
}

/**
 * The rollouts backend client.
 *
 * @public
 */
export const rolloutsApiRef = createApiRef<RolloutsApi>({
  id: 'plugin.rollouts.service',
});
