import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import { OwnerOrAdminPolicy, PERMISSION_TABLE, Rule } from './permissionPolicy';
import { kubernetesProxyPermission } from './kubernetesProxy';

/*
 * The permissions of the installed plugins as their -common packages declare
 * them (the catalog's imported; the others restated here, since this package
 * does not depend on their -common packages).
 */
const entityWrite = (name: string) =>
  createPermission({
    name,
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });
const basicRead = (name: string) =>
  createPermission({ name, attributes: { action: 'read' } });
const portal = [
  basicRead('rollouts.read'),
  entityWrite('rollouts.restart'),
  entityWrite('rollouts.pause'),
  entityWrite('rollouts.undo'),
  entityWrite('rollouts.scale'),
  basicRead('argocd.read'),
  entityWrite('argocd.sync'),
  entityWrite('argocd.refresh'),
  entityWrite('argocd.rollback'),
  basicRead('deployment-metrics.read'),
  basicRead('service-boundaries.read'),
  basicRead('service-boundaries.drift.read'),
  basicRead('service-boundaries.owners.read'),
  basicRead('service-boundaries.unclaimed.read'),
];
const scaffolder = {
  templateParameterRead: createPermission({
    name: 'scaffolder.template.parameter.read',
    attributes: { action: 'read' },
    resourceType: 'scaffolder-template',
  }),
  templateStepRead: createPermission({
    name: 'scaffolder.template.step.read',
    attributes: { action: 'read' },
    resourceType: 'scaffolder-template',
  }),
  actionExecute: createPermission({
    name: 'scaffolder.action.execute',
    attributes: {},
    resourceType: 'scaffolder-action',
  }),
  taskCreate: createPermission({
    name: 'scaffolder.task.create',
    attributes: { action: 'create' },
  }),
  taskRead: createPermission({
    name: 'scaffolder.task.read',
    attributes: { action: 'read' },
    resourceType: 'scaffolder-task',
  }),
  taskCancel: createPermission({
    name: 'scaffolder.task.cancel',
    attributes: {},
    resourceType: 'scaffolder-task',
  }),
  dryRun: createPermission({
    name: 'scaffolder.template.dry-run',
    attributes: {},
  }),
  management: createPermission({
    name: 'scaffolder.template.management',
    attributes: {},
  }),
};
const kubernetes = [
  createPermission({
    name: 'kubernetes.clusters.read',
    attributes: { action: 'read' },
  }),
  createPermission({
    name: 'kubernetes.resources.read',
    attributes: { action: 'read' },
  }),
  kubernetesProxyPermission,
];
const techdocs = [
  createPermission({
    name: 'techdocs.actions.read',
    attributes: { action: 'read' },
  }),
];

const ALL: Permission[] = [
  ...catalogPermissions,
  ...Object.values(scaffolder),
  ...kubernetes,
  ...techdocs,
  ...portal,
];

function user(...ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    identity: {
      type: 'user',
      userEntityRef: ownershipEntityRefs[0],
      ownershipEntityRefs,
    },
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
    token: 'token',
    credentials: {} as PolicyQueryUser['credentials'],
  } as PolicyQueryUser;
}

const aisha = user('user:default/aisha.bello', 'group:default/inventory-team');
const admin = user(
  'user:default/fernando.mckenzie',
  'group:default/Platform-Team',
);

/** The table as a reviewer reads it: every permission of the app and its rule. */
const EXPECTED: Record<string, Rule> = {
  'catalog.entity.read': 'allow',
  'catalog.entity.create': 'allow',
  'catalog.entity.refresh': 'allow',
  'catalog.entity.delete': 'owner',
  'catalog.entity.validate': 'admin',
  'catalog.location.read': 'allow',
  'catalog.location.create': 'allow',
  'catalog.location.analyze': 'allow',
  'catalog.location.delete': 'allow',
  'catalog.ingestion.read': 'allow',
  'catalog.ingestion.manage': 'admin',
  'scaffolder.template.parameter.read': 'allow',
  'scaffolder.template.step.read': 'allow',
  'scaffolder.task.create': 'allow',
  'scaffolder.action.execute': 'allow',
  'scaffolder.task.read': 'task-owner',
  'scaffolder.task.cancel': 'task-owner',
  'scaffolder.template.dry-run': 'admin',
  'scaffolder.template.management': 'admin',
  'kubernetes.clusters.read': 'allow',
  'kubernetes.resources.read': 'allow',
  'kubernetes.proxy': 'admin',
  'techdocs.actions.read': 'allow',
  'rollouts.read': 'allow',
  'rollouts.restart': 'owner',
  'rollouts.pause': 'owner',
  'rollouts.undo': 'owner',
  'rollouts.scale': 'owner',
  'argocd.read': 'allow',
  'argocd.sync': 'owner',
  'argocd.refresh': 'owner',
  'argocd.rollback': 'owner',
  'deployment-metrics.read': 'allow',
  'service-boundaries.read': 'allow',
  'service-boundaries.drift.read': 'allow',
  'service-boundaries.owners.read': 'allow',
  'service-boundaries.unclaimed.read': 'admin',
};

function expected(rule: Rule) {
  switch (rule) {
    case 'allow':
      return { result: AuthorizeResult.ALLOW };
    case 'admin':
      return { result: AuthorizeResult.DENY };
    case 'owner':
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: [
              'user:default/aisha.bello',
              'group:default/inventory-team',
            ],
          },
        },
      };
    default:
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: ['user:default/aisha.bello'] },
        },
      };
  }
}

describe('OwnerOrAdminPolicy', () => {
  const debug = jest.fn();
  const logger = {
    debug,
    info: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
    child: jest.fn(),
  };
  const policy = new OwnerOrAdminPolicy(
    new Set(['group:default/platform-team']),
    logger,
  );

  it('has a row for every permission of the installed plugins, and no other', () => {
    expect(Object.keys(PERMISSION_TABLE).sort()).toEqual(
      ALL.map(p => p.name).sort(),
    );
    expect(
      Object.fromEntries(
        Object.entries(PERMISSION_TABLE).map(([name, row]) => [name, row.rule]),
      ),
    ).toEqual(EXPECTED);
  });

  it.each(ALL.map(p => [p.name, p] as const))(
    '%s: a team member gets its row’s decision',
    async (_name, permission) => {
      expect(await policy.handle({ permission }, aisha)).toEqual(
        expected(EXPECTED[permission.name]),
      );
    },
  );

  it.each(ALL.map(p => [p.name, p] as const))(
    '%s: an admin (any case of the group ref) is allowed',
    async (_name, permission) => {
      expect(await policy.handle({ permission }, admin)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each(ALL.map(p => [p.name, p] as const))(
    '%s: without a signed-in user it is denied',
    async (_name, permission) => {
      expect(await policy.handle({ permission })).toEqual({
        result: AuthorizeResult.DENY,
      });
    },
  );

  it('denies a permission it does not know (it does not fall through to ALLOW)', async () => {
    for (const permission of [
      createPermission({
        name: 'someplugin.read',
        attributes: { action: 'read' },
      }),
      createPermission({
        name: 'someplugin.restart',
        attributes: { action: 'update' },
        resourceType: 'catalog-entity',
      }),
      createPermission({ name: 'constructor', attributes: {} }),
    ]) {
      expect(await policy.handle({ permission }, aisha)).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('denies the Kubernetes proxy to a team member, whatever the method', async () => {
    expect(
      await policy.handle({ permission: kubernetesProxyPermission }, aisha),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies an owner row asked as a basic permission (a misdeclared permission)', async () => {
    const basic = createPermission({
      name: 'rollouts.restart',
      attributes: { action: 'update' },
    });
    expect(await policy.handle({ permission: basic }, aisha)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('logs a denial by permission name only, never the token or the claims', async () => {
    debug.mockClear();
    await policy.handle({ permission: kubernetesProxyPermission }, aisha);
    expect(debug).toHaveBeenCalledWith(
      'permission kubernetes.proxy denied: admins only',
    );
    const logged = JSON.stringify(debug.mock.calls);
    expect(logged).not.toContain('token');
    expect(logged).not.toContain('inventory-team');
  });
});
