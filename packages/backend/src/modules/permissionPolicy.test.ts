import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { OwnerOrAdminPolicy } from './permissionPolicy';

const restart = createPermission({
  name: 'rollouts.restart',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const read = createPermission({
  name: 'rollouts.read',
  attributes: { action: 'read' },
});
const refresh = createPermission({
  name: 'catalog.entity.refresh',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

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

describe('OwnerOrAdminPolicy', () => {
  const policy = new OwnerOrAdminPolicy(
    new Set(['group:default/platform-team']),
  );

  it('lets an admin group member do a write outright', async () => {
    const decision = await policy.handle(
      { permission: restart },
      user('user:default/fernando.mckenzie', 'group:default/Platform-Team'),
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('answers a write by anyone else with the catalog owner condition on their claims', async () => {
    const decision = await policy.handle(
      { permission: restart },
      user('user:default/aisha.bello', 'group:default/inventory-team'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/aisha.bello', 'group:default/inventory-team'],
        },
      },
    });
  });

  it('denies a write without a user', async () => {
    expect(await policy.handle({ permission: restart })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows reads and catalog refresh to everyone', async () => {
    const guest = user('user:development/guest');
    expect(await policy.handle({ permission: read }, guest)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle({ permission: refresh }, guest)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
