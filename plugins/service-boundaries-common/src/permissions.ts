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
 * See cluster objects whatever claims them: unowned workloads, and every
 * MLModel and recorded rollout in the cluster-wide lists. Without it a caller
 * sees only the objects claimed by catalog entities they can read: an object
 * no visible entity claims may belong to a team whose entities are hidden from
 * them. The platform team's permission (docs/SECURITY.md).
 *
 * @public
 */
export const serviceBoundariesUnclaimedReadPermission = createPermission({
  name: 'service-boundaries.unclaimed.read',
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
  serviceBoundariesUnclaimedReadPermission,
];
