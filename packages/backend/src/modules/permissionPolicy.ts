import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/** Actions on a catalog entity that only its owners (and admins) may perform. */
const OWNER_ACTIONS = new Set(['create', 'update', 'delete']);

/** Catalog permissions every signed-in user keeps, as in a stock Backstage app. */
const OPEN_CATALOG_PERMISSIONS = new Set(['catalog.entity.refresh']);

/**
 * The portal's permission policy: members of an admin group may do everything;
 * writes on a catalog entity (restart, rollback, sync, delete, ...) are allowed when
 * the user belongs to the entity's owning group, a condition the catalog itself
 * evaluates (`isEntityOwner`); everything else is allowed.
 */
export class OwnerOrAdminPolicy implements PermissionPolicy {
  constructor(private readonly adminGroups: ReadonlySet<string>) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (
      claims.some(ref => this.adminGroups.has(ref.toLocaleLowerCase('en-US')))
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    if (
      isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY) &&
      OWNER_ACTIONS.has(permission.attributes.action ?? '') &&
      !OPEN_CATALOG_PERMISSIONS.has(permission.name)
    ) {
      if (!user) return { result: AuthorizeResult.DENY };
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'owner-or-admin-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const adminGroups = config.getOptionalStringArray(
          'supplyChain.permission.adminGroups',
        ) ?? ['group:default/platform-team'];
        policy.setPolicy(
          new OwnerOrAdminPolicy(
            new Set(adminGroups.map(ref => ref.toLocaleLowerCase('en-US'))),
          ),
        );
      },
    });
  },
});
