import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read live rollout, pod, HPA and MLModel status of any entity, and cluster health.
 * @public
 */
export const rolloutsReadPermission = createPermission({
  name: 'rollouts.read',
  attributes: { action: 'read' },
});

/**
 * Restart a Deployment of an entity (`kubectl rollout restart`).
 * @public
 */
export const rolloutsRestartPermission = createPermission({
  name: 'rollouts.restart',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Pause or resume a Deployment rollout of an entity.
 * @public
 */
export const rolloutsPausePermission = createPermission({
  name: 'rollouts.pause',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Roll a Deployment of an entity back to an earlier revision (`kubectl rollout undo`).
 * @public
 */
export const rolloutsUndoPermission = createPermission({
  name: 'rollouts.undo',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Change the replica count of a Deployment of an entity that no HPA manages.
 * @public
 */
export const rolloutsScalePermission = createPermission({
  name: 'rollouts.scale',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission of the rollouts plugin family.
 * @public
 */
export const rolloutsPermissions = [
  rolloutsReadPermission,
  rolloutsRestartPermission,
  rolloutsPausePermission,
  rolloutsUndoPermission,
  rolloutsScalePermission,
];
