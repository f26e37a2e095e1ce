import {
  argocdPermissions,
  argocdReadPermission,
  argocdRefreshPermission,
  argocdRollbackPermission,
  argocdSyncPermission,
} from './permissions';

describe('argocd permissions', () => {
  it.each([
    [argocdSyncPermission, 'argocd.sync'],
    [argocdRefreshPermission, 'argocd.refresh'],
    [argocdRollbackPermission, 'argocd.rollback'],
  ])('%# writes are catalog-entity update permissions', (permission, name) => {
    expect(permission).toEqual({
      type: 'resource',
      name,
      attributes: { action: 'update' },
      resourceType: 'catalog-entity',
    });
  });

  it('read is a basic read permission', () => {
    expect(argocdReadPermission).toEqual({
      type: 'basic',
      name: 'argocd.read',
      attributes: { action: 'read' },
    });
  });

  it('lists all four', () => {
    expect(argocdPermissions.map(p => p.name)).toEqual([
      'argocd.read',
      'argocd.sync',
      'argocd.refresh',
      'argocd.rollback',
    ]);
  });
});
