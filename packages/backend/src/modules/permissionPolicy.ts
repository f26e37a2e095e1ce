import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
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
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { readAdminGroups } from './adminGroups';
import { catalogSourcesModule } from './catalogSources';
import { kubernetesProxyModule } from './kubernetesProxy';

/**
 * What a signed-in user who is not an admin may do with a permission:
 * - `allow`: everyone signed in;
 * - `owner`: on a catalog entity their user or one of their groups owns
 *   (the catalog's `isEntityOwner`, evaluated by the plugin that asks);
 * - `task-owner`: on a scaffolder task they created (`isTaskOwner`);
 * - `admin`: members of `supplyChain.permission.adminGroups` only.
 * Admins may do everything. A permission that is not in the table is denied
 * to everyone else: a new plugin's permissions need a row here.
 */
export type Rule = 'allow' | 'owner' | 'task-owner' | 'admin';

export const PERMISSION_TABLE: Readonly<
  Record<string, { rule: Rule; why: string }>
> = {
  // catalog (@backstage/plugin-catalog-common/alpha)
  'catalog.entity.read': { rule: 'allow', why: 'browse the catalog' },
  'catalog.entity.create': {
    rule: 'allow',
    why: 'shows Create / Register; what may be registered is decided by catalog.location.create and catalog.rules',
  },
  'catalog.entity.refresh': {
    rule: 'allow',
    why: 're-reads an entity from its own source; changes nothing else',
  },
  'catalog.entity.delete': {
    rule: 'owner',
    why: 'unregistering an entity frees its name',
  },
  'catalog.entity.validate': {
    rule: 'admin',
    why: 'processing an arbitrary entity reads its Location targets with the portal’s git credentials',
  },
  'catalog.location.read': { rule: 'allow', why: 'list registered locations' },
  'catalog.location.create': {
    rule: 'allow',
    why: 'the scaffolder registers on the user’s behalf; the catalog sources module allows only canonical URLs under supplyChain.permission.registrableLocations, of the kinds catalog.rules allow, taking no existing name; moving a location is admin-only there',
  },
  'catalog.location.analyze': {
    rule: 'allow',
    why: 'Register existing component; targets limited as for create by the catalog sources module',
  },
  'catalog.location.delete': {
    rule: 'allow',
    why: 'the catalog sources module allows it to admins and to the owners of every entity the location holds',
  },
  'catalog.ingestion.read': { rule: 'allow', why: 'ingestion status' },
  'catalog.ingestion.manage': {
    rule: 'admin',
    why: 'starts, stops and resets entity providers',
  },

  // scaffolder (@backstage/plugin-scaffolder-common/alpha)
  'scaffolder.template.parameter.read': {
    rule: 'allow',
    why: 'the template form',
  },
  'scaffolder.template.step.read': {
    rule: 'allow',
    why: 'the template’s steps',
  },
  'scaffolder.task.create': {
    rule: 'allow',
    why: 'self-service creation; templates come only from templates/ (catalog.rules)',
  },
  'scaffolder.action.execute': {
    rule: 'allow',
    why: 'the steps of those templates; each supply-chain action checks its own targets',
  },
  'scaffolder.task.read': {
    rule: 'task-owner',
    why: 'task logs and outputs are the creator’s',
  },
  'scaffolder.task.cancel': {
    rule: 'task-owner',
    why: 'only the creator stops a task',
  },
  'scaffolder.template.dry-run': {
    rule: 'admin',
    why: 'runs inline templates (any steps, any input) with the platform’s credentials',
  },
  'scaffolder.template.management': {
    rule: 'admin',
    why: 'template editor and management pages',
  },

  // Kubernetes, the official plugin (@backstage/plugin-kubernetes-common)
  'kubernetes.clusters.read': { rule: 'allow', why: 'cluster list' },
  'kubernetes.resources.read': {
    rule: 'allow',
    why: 'the Kubernetes tab (objects of an entity)',
  },
  'kubernetes.proxy': {
    rule: 'admin',
    why: 'forwards any method (PATCH, DELETE pod, exec) with the cluster’s credentials',
  },

  // TechDocs (@backstage/plugin-techdocs-common)
  'techdocs.actions.read': { rule: 'allow', why: 'TechDocs actions' },

  // the portal's plugin families (plugins/*-common)
  'rollouts.read': { rule: 'allow', why: 'rollout status' },
  'rollouts.restart': { rule: 'owner', why: 'changes a Deployment' },
  'rollouts.pause': { rule: 'owner', why: 'changes a Deployment' },
  'rollouts.undo': { rule: 'owner', why: 'changes a Deployment' },
  'rollouts.scale': { rule: 'owner', why: 'changes a Deployment' },
  'argocd.read': { rule: 'allow', why: 'application status' },
  'argocd.sync': { rule: 'owner', why: 'changes an Argo CD application' },
  'argocd.refresh': { rule: 'owner', why: 'changes an Argo CD application' },
  'argocd.rollback': { rule: 'owner', why: 'changes an Argo CD application' },
  'deployment-metrics.read': { rule: 'allow', why: 'recorded rollouts' },
  'service-boundaries.read': { rule: 'allow', why: 'service boundaries' },
  'service-boundaries.drift.read': { rule: 'allow', why: 'drift view' },
  'service-boundaries.owners.read': { rule: 'allow', why: 'who owns' },
  'service-boundaries.unclaimed.read': {
    rule: 'admin',
    why: 'unowned workloads and the unfiltered cluster-wide lists (MLModels, recorded rollouts); others see what the entities they can read claim',
  },
};

/**
 * The portal's permission policy: admins may do everything; everyone else as
 * PERMISSION_TABLE says; no user, or a permission not in the table: DENY.
 */
export class OwnerOrAdminPolicy implements PermissionPolicy {
  constructor(
    private readonly adminGroups: ReadonlySet<string>,
    private readonly logger?: LoggerService,
    private readonly table = PERMISSION_TABLE,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!user) return this.deny(permission.name, 'no signed-in user');
    const claims = user.info.ownershipEntityRefs ?? [];
    if (
      claims.some(ref => this.adminGroups.has(ref.toLocaleLowerCase('en-US')))
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const row = Object.prototype.hasOwnProperty.call(
      this.table,
      permission.name,
    )
      ? this.table[permission.name]
      : undefined;
    switch (row?.rule) {
      case 'allow':
        return { result: AuthorizeResult.ALLOW };
      case 'owner':
        if (!isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
          return this.deny(
            permission.name,
            'owner rule on a non-entity permission',
          );
        }
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims }),
        );
      case 'task-owner':
        if (!isResourcePermission(permission, 'scaffolder-task')) {
          return this.deny(
            permission.name,
            'task-owner rule on a non-task permission',
          );
        }
        return createScaffolderTaskConditionalDecision(
          permission,
          scaffolderTaskConditions.isTaskOwner({
            createdBy: [user.info.userEntityRef],
          }),
        );
      case 'admin':
        return this.deny(permission.name, 'admins only');
      default:
        return this.deny(permission.name, 'not in the policy table');
    }
  }

  private deny(name: string, why: string): PolicyDecision {
    // the permission's name only: never a token, a resource ref or claims
    this.logger?.debug(`permission ${name} denied: ${why}`);
    return { result: AuthorizeResult.DENY };
  }
}

const ownerOrAdminPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'owner-or-admin-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        policy.setPolicy(
          new OwnerOrAdminPolicy(readAdminGroups(config), logger),
        );
      },
    });
  },
});

/**
 * The policy with the modules that enforce what it cannot see, installed
 * together: the catalog's location checks (targets, the owners of a
 * location's entities), which the table's location rows count on, and the
 * Kubernetes proxy's refusal message.
 */
export const permissionPolicyModule = createBackendFeatureLoader({
  *loader() {
    yield ownerOrAdminPolicyModule;
    yield catalogSourcesModule;
    yield kubernetesProxyModule;
  },
});
