import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { toError } from '@backstage/errors';
import type {
  DeploymentRollout,
  DeploymentRolloutSummary,
  RolloutsOverviewEntity,
  RolloutsOverviewResponse,
} from '@supply-chain/plugin-rollouts-common';
import { EntityRolloutsService, overviewEntity } from './EntityRolloutsService';

/** The HTTP status Backstage's error handler gives these errors. */
const statusByErrorName: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ServiceUnavailableError: 503,
};

function summarize(d: DeploymentRollout): DeploymentRolloutSummary {
  return {
    cluster: d.cluster,
    namespace: d.namespace,
    name: d.name,
    phase: d.phase,
    phaseMessage: d.phaseMessage,
    desiredReplicas: d.desiredReplicas,
    updatedReplicas: d.updatedReplicas,
    readyReplicas: d.readyReplicas,
    revision: d.revision,
  };
}

/**
 * The org-wide Rollouts page in one answer: for every entity the caller can
 * read, what GET /entity/.../rollouts says of it, each Deployment summarised
 * to the columns the page shows. Computed from the shared watch cache.
 */
export class RolloutsOverviewService {
  constructor(private readonly entities: EntityRolloutsService) {}

  async rollouts(
    credentials: BackstageCredentials,
  ): Promise<RolloutsOverviewResponse> {
    const entities = await this.entities.annotatedEntities(credentials);
    const reads = this.entities.snapshotReads();
    return {
      entities: entities.map((entity): RolloutsOverviewEntity => {
        const summary = {
          entityRef: stringifyEntityRef(entity),
          entity: overviewEntity(entity),
        };
        try {
          const { clusters } = this.entities.rolloutsFor(entity, reads);
          return {
            ...summary,
            clusters: clusters.map(c => ({
              ...c,
              deployments: c.deployments.map(summarize),
            })),
          };
        } catch (e) {
          // one entity's failure leaves the others on the page
          const error = toError(e);
          return {
            ...summary,
            clusters: [],
            error: {
              error: { name: error.name, message: error.message },
              response: { statusCode: statusByErrorName[error.name] ?? 500 },
            },
          };
        }
      }),
    };
  }
}
