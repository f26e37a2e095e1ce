import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * See Argo CD applications, history and resources of entities.
 * @public
 */
export const argocdReadPermission = createPermission({
  name: 'argocd.read',
  attributes: { action: 'read' },
});

/**
 * Sync an entity's Argo CD application (optionally with prune).
 * @public
 */
export const argocdSyncPermission = createPermission({
  name: 'argocd.sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Ask Argo CD to refresh (re-compare with Git) an entity's application.
 * @public
 */
export const argocdRefreshPermission = createPermission({
  name: 'argocd.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Roll an entity's application back to a history entry.
 * @public
 */
export const argocdRollbackPermission = createPermission({
  name: 'argocd.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission of the Argo CD family.
 * @public
 */
export const argocdPermissions = [
  argocdReadPermission,
  argocdSyncPermission,
  argocdRefreshPermission,
  argocdRollbackPermission,
];
