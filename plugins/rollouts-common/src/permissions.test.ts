import { isResourcePermission } from '@backstage/plugin-permission-common';
import { rolloutsPermissions, rolloutsReadPermission } from './permissions';
import { rolloutsEntityChannel } from './signals';
import { undoRequestSchema, scaleRequestSchema } from './requests';

describe('rollouts permissions', () => {
  it('declares one read and four entity-scoped update permissions', () => {
    expect(
      rolloutsPermissions.map(p => [
        p.name,
        p.attributes.action,
        isResourcePermission(p) ? p.resourceType : 'basic',
      ]),
    ).toEqual([
      ['rollouts.read', 'read', 'basic'],
      ['rollouts.restart', 'update', 'catalog-entity'],
      ['rollouts.pause', 'update', 'catalog-entity'],
      ['rollouts.undo', 'update', 'catalog-entity'],
      ['rollouts.scale', 'update', 'catalog-entity'],
    ]);
    expect(rolloutsReadPermission.type).toBe('basic');
  });

  it('names one signal channel per entity', () => {
    expect(rolloutsEntityChannel('component:default/Inventory-Service')).toBe(
      'rollouts:entity:component:default/inventory-service',
    );
  });

  it('validates action bodies', () => {
    expect(
      undoRequestSchema.safeParse({
        cluster: 'c',
        namespace: 'n',
        name: 'd',
        toRevision: 2,
      }).success,
    ).toBe(true);
    expect(
      undoRequestSchema.safeParse({
        cluster: 'c',
        namespace: 'n',
        name: 'd',
        toRevision: 0,
      }).success,
    ).toBe(false);
    expect(
      scaleRequestSchema.safeParse({
        cluster: 'c',
        namespace: 'N_',
        name: 'd',
        replicas: 2,
      }).success,
    ).toBe(false);
  });
});
