import { loadRealCatalog } from '../testUtils';
import { CatalogIndex } from '../catalogIndex';
import { buildBoundaryMap } from './boundaryMap';

const index = CatalogIndex.fromEntities(loadRealCatalog());

describe('buildBoundaryMap (real catalog)', () => {
  it('the whole domain: 8 components + 6 resources in 3 systems, coloured by team', () => {
    const map = buildBoundaryMap(
      index,
      index.get('domain:default/supply-chain'),
    );
    expect(map.scope?.ref).toBe('domain:default/supply-chain');
    expect(map.nodes).toHaveLength(14);
    expect(map.nodes.filter(n => n.external)).toEqual([]);
    expect(map.systems.map(s => [s.system?.name, s.nodeRefs.length])).toEqual([
      ['inventory-management', 3],
      ['ml-platform', 4],
      ['order-fulfillment', 7],
    ]);
    expect(map.teams.map(t => t.title).sort()).toEqual([
      'Customer Team',
      'Fulfillment Team',
      'Inventory Team',
      'ML Team',
      'Payments Team',
      'Platform Team',
    ]);
    const inventory = map.nodes.find(n => n.name === 'inventory-service')!;
    expect(map.teams[inventory.teamIndex].ref).toBe(
      'group:default/inventory-team',
    );
    expect(inventory.ownerTitle).toBe('Inventory Team');
    expect(
      map.edges.filter(e => e.to === 'component:default/inventory-service'),
    ).toEqual([
      {
        from: 'component:default/ml-prediction-service',
        to: 'component:default/inventory-service',
        relation: 'consumesApi',
        apis: ['api:default/inventory-http'],
      },
      {
        from: 'component:default/order-service',
        to: 'component:default/inventory-service',
        relation: 'dependsOn',
      },
      {
        from: 'component:default/order-service',
        to: 'component:default/inventory-service',
        relation: 'consumesApi',
        apis: ['api:default/inventory-http'],
      },
    ]);
  });

  it('one system: its members plus the external nodes its edges reach', () => {
    const map = buildBoundaryMap(
      index,
      index.get('system:default/inventory-management'),
    );
    expect(
      map.nodes
        .filter(n => !n.external)
        .map(n => n.name)
        .sort(),
    ).toEqual(['inventory-cache', 'inventory-db', 'inventory-service']);
    expect(
      map.nodes
        .filter(n => n.external)
        .map(n => n.name)
        .sort(),
    ).toEqual([
      'ml-prediction-service',
      'notification-service',
      'order-service',
    ]);
    expect(
      map.edges.every(
        e => e.from.includes('inventory') || e.to.includes('inventory'),
      ),
    ).toBe(true);
  });

  it('without scope covers the whole catalog', () => {
    const map = buildBoundaryMap(index);
    expect(map.scope).toBeUndefined();
    expect(map.nodes).toHaveLength(14);
  });
});
