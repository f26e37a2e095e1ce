import { createRouteRef } from '@backstage/core-plugin-api';

/** The "Rollouts" page across all services. */
export const rolloutsRouteRef = createRouteRef({ id: 'rollouts' });

/** The "ML models" page across clusters. */
export const mlModelsRouteRef = createRouteRef({ id: 'rollouts-ml-models' });

/** The Rollouts tab of an entity (legacy apps). */
export const entityRolloutsRouteRef = createRouteRef({
  id: 'rollouts-entity-content',
});
