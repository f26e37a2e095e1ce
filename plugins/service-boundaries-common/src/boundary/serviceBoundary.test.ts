import { loadRealCatalog } from '../testUtils';
import { CatalogIndex } from '../catalogIndex';
import { buildServiceBoundary, responsibilitiesOf } from './serviceBoundary';

const index = CatalogIndex.fromEntities(loadRealCatalog());
const boundaryOf = (ref: string) =>
  buildServiceBoundary(index.get(ref)!, index);

describe('buildServiceBoundary (real catalog)', () => {
  it('inventory-service: responsibilities, dependencies with owners, dependents, provided APIs', () => {
    const b = boundaryOf('component:default/inventory-service');
    expect(b.responsibilities).toEqual([
      'Product catalog management',
      'Stock level tracking',
      'Inventory allocation/deallocation',
      'Low stock alerts',
    ]);
    expect(
      b.dependencies.map(d => [d.relation, d.entity.ref, d.entity.owner]),
    ).toEqual([
      [
        'dependsOn',
        'resource:default/inventory-db',
        'group:default/inventory-team',
      ],
      [
        'dependsOn',
        'resource:default/inventory-cache',
        'group:default/inventory-team',
      ],
      [
        'dependsOn',
        'component:default/notification-service',
        'group:default/platform-team',
      ],
      [
        'consumesApi',
        'api:default/notification-api',
        'group:default/platform-team',
      ],
    ]);
    expect(b.dependencies[3].providers?.map(p => p.ref)).toEqual([
      'component:default/notification-service',
    ]);
    expect(
      b.dependents.map(d => [d.entity.ref, d.relations, d.viaApis]),
    ).toEqual([
      [
        'component:default/ml-prediction-service',
        ['consumesApi'],
        ['api:default/inventory-http'],
      ],
      [
        'component:default/order-service',
        ['dependsOn', 'consumesApi'],
        ['api:default/inventory-http'],
      ],
    ]);
    expect(b.providedApis.map(a => a.ref)).toEqual([
      'api:default/inventory-http',
      'api:default/inventory-grpc',
    ]);
    expect(b.entity).toMatchObject({
      owner: 'group:default/inventory-team',
      system: 'system:default/inventory-management',
    });
  });

  it('payment-service: no responsibilities, no dependencies, order-service depends on it', () => {
    const b = boundaryOf('component:default/payment-service');
    expect(b.responsibilities).toEqual([]);
    expect(b.dependencies).toEqual([]);
    expect(b.dependents.map(d => d.entity.name)).toEqual(['order-service']);
  });

  it('marks a dependency naming no entity as missing', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: {
        owner: 'team-x',
        dependsOn: ['resource:gone'],
        responsibilities: ' one ',
      },
    };
    const b = buildServiceBoundary(entity, CatalogIndex.fromEntities([entity]));
    expect(b.dependencies).toEqual([
      {
        relation: 'dependsOn',
        missing: true,
        entity: {
          ref: 'resource:default/gone',
          kind: 'resource',
          namespace: 'default',
          name: 'gone',
        },
      },
    ]);
    expect(b.entity.owner).toBe('group:default/team-x');
    expect(responsibilitiesOf(entity)).toEqual(['one']);
  });

  it('reads relations when the catalog computed them', () => {
    const a = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'a' },
      spec: {},
      relations: [{ type: 'dependsOn', targetRef: 'component:default/b' }],
    };
    const b = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'b' },
      spec: {},
    };
    const idx = CatalogIndex.fromEntities([a, b]);
    expect(
      buildServiceBoundary(b, idx).dependents.map(d => d.entity.name),
    ).toEqual(['a']);
  });
});
