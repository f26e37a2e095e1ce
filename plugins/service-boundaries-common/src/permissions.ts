import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read service boundaries (responsibilities, dependencies, dependents,
 * provided APIs) and boundary maps. Entities themselves are still filtered by
 * the catalog's own read permission, since the backend reads the catalog with
 * the caller's credentials.
 *
 * @public
 */
export const serviceBoundariesReadPermission = createPermission({
  name: 'service-boundaries.read',
  attributes: { action: 'read' },
});

/**
 * Read drift reports and unowned workloads: these combine the catalog with
 * cluster facts (Istio AuthorizationPolicies, the service-boundaries
 * ConfigMap, workloads).
 *
 * @public
 */
export const serviceBoundariesDriftReadPermission = createPermission({
  name: 'service-boundaries.drift.read',
  attributes: { action: 'read' },
});

/**
 * Ask "who owns …?" (single and batch lookups, and the `who-owns` action).
 *
 * @public
 */
export const serviceBoundariesOwnersReadPermission = createPermission({
  name: 'service-boundaries.owners.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the service-boundaries family.
 *
 * @public
 */
export const serviceBoundariesPermissions = [
  serviceBoundariesReadPermission,
  serviceBoundariesDriftReadPermission,
  serviceBoundariesOwnersReadPermission,
];
