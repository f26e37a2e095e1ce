import { Entity } from '@backstage/catalog-model';
import {
  loadRealCatalog,
  inventoryShadow,
  loadSeedClusterFacts,
} from '../testUtils';
import { CatalogIndex } from '../catalogIndex';
import { ClusterFacts } from '../types';
import { computeDrift } from './computeDrift';

const catalog = loadRealCatalog();
const index = CatalogIndex.fromEntities(catalog);
const seed = loadSeedClusterFacts();
const available = { status: 'available' as const, clusters: ['sandbox'] };

function withPolicyPrincipals(principals: string[] | undefined): ClusterFacts {
  return {
    ...seed,
    authorizationPolicies: seed.authorizationPolicies.map(p => ({
      ...p,
      rules: [{ principals }],
    })),
  };
}

describe('computeDrift: a workload another entity claims too', () => {
  const report = computeDrift({
    index: CatalogIndex.fromEntities([...catalog, inventoryShadow]),
    facts: seed,
    cluster: available,
  });

  it('is a finding of the service naming both claimants', () => {
    const inventory = report.services.find(
      s => s.entity.name === 'inventory-service',
    )!;
    expect(inventory.sharedWorkloads.map(w => w.message)).toEqual([
      'sandbox/supply-chain/Deployment/inventory-service is claimed by component:default/inventory-service and resource:default/inventory-shadow: portal actions on it are refused until one claim is removed',
    ]);
    expect(inventory.sharedWorkloads[0].claimants.map(c => c.ref)).toEqual([
      'component:default/inventory-service',
      'resource:default/inventory-shadow',
    ]);
    expect(report.summary.sharedWorkloads).toBe(1);
    expect(inventory.findings).toBe(inventory.undeclaredCallers.length + 1);
  });
});

describe('computeDrift on the seed (real catalog + sandbox manifests)', () => {
  const report = computeDrift({ index, facts: seed, cluster: available });
  const inventory = report.services.find(
    s => s.entity.name === 'inventory-service',
  )!;

  it('reports the deployed services: the four of supply-chain and the two Argo Rollouts of progressive-delivery', () => {
    expect(report.services.map(s => s.entity.name)).toEqual([
      'inventory-service',
      'ml-prediction-service',
      'notification-service',
      'order-service',
      'payment-service',
      'shipping-service',
    ]);
  });

  it('resolves the principals of inventory-service-authz to components', () => {
    expect(inventory.policies).toEqual([
      'sandbox/supply-chain/inventory-service-authz',
    ]);
    expect(inventory.meshEnforced).toBe(true);
    expect(
      inventory.allowedCallers.map(c => [
        c.principal,
        c.component?.name,
        c.resolvedBy,
      ]),
    ).toEqual([
      [
        'cluster.local/ns/supply-chain/sa/order-service-sa',
        'order-service',
        'service-account-of-workload',
      ],
      [
        'cluster.local/ns/supply-chain/sa/ml-prediction-service-sa',
        'ml-prediction-service',
        'service-account-of-workload',
      ],
      ['cluster.local/ns/supply-chain/sa/admin-sa', undefined, undefined],
    ]);
  });

  it('ml-prediction-service is a declared caller (it consumes inventory-http), admin-sa is not', () => {
    // The catalog declares ml-prediction-service → inventory only through
    // consumesApis (api:default/inventory-http), not dependsOn: that counts.
    expect(inventory.undeclaredCallers.map(c => c.principal)).toEqual([
      'cluster.local/ns/supply-chain/sa/admin-sa',
    ]);
    expect(inventory.refusedDependencies).toEqual([]);
  });

  it('responsibilities match the ConfigMap for every service that has an entry', () => {
    expect(
      Object.fromEntries(
        report.services.map(s => [s.entity.name, s.responsibilities.status]),
      ),
    ).toEqual({
      'inventory-service': 'same',
      'ml-prediction-service': 'same',
      'order-service': 'same',
      'shipping-service': 'same',
      // the service-boundaries ConfigMap of supply-chain lists no progressive-delivery service
      'notification-service': 'not-in-cluster',
      'payment-service': 'not-in-cluster',
    });
    expect(inventory.responsibilities.source).toBe('sandbox/supply-chain');
  });

  it('services without an AuthorizationPolicy are not mesh-enforced', () => {
    const order = report.services.find(s => s.entity.name === 'order-service')!;
    expect(order).toMatchObject({
      policies: [],
      meshEnforced: false,
      undeclaredCallers: [],
      refusedDependencies: [],
      findings: 0,
    });
  });

  it('summary: one service with drift, one undeclared caller', () => {
    expect(report.summary).toEqual({
      services: 6,
      servicesWithDrift: 1,
      undeclaredCallers: 1,
      refusedDependencies: 0,
      responsibilitiesDiffer: 0,
      sharedWorkloads: 0,
    });
    expect(report.unknownConfigMapServices).toEqual([]);
  });
});

describe('computeDrift cases', () => {
  it('a policy that no longer allows ml-prediction-service refuses its declared dependency', () => {
    const facts = withPolicyPrincipals([
      'cluster.local/ns/supply-chain/sa/order-service-sa',
    ]);
    const inventory = computeDrift({
      index,
      facts,
      cluster: available,
    }).services.find(s => s.entity.name === 'inventory-service')!;
    expect(inventory.undeclaredCallers).toEqual([]);
    expect(
      inventory.refusedDependencies.map(r => [
        r.component.name,
        r.relations,
        r.principals,
      ]),
    ).toEqual([
      [
        'ml-prediction-service',
        ['consumesApi'],
        ['cluster.local/ns/supply-chain/sa/ml-prediction-service-sa'],
      ],
    ]);
    expect(inventory.refusedDependencies[0].message).toContain(
      'inventory-service-authz',
    );
  });

  it('a rule without from allows any caller: nothing refused, mesh not enforcing', () => {
    const inventory = computeDrift({
      index,
      facts: withPolicyPrincipals(undefined),
      cluster: available,
    }).services[0];
    expect(inventory).toMatchObject({
      allowsAnyCaller: true,
      meshEnforced: false,
      refusedDependencies: [],
    });
  });

  it('a caller resolved by the <name>-sa convention when no workload runs it', () => {
    const facts = {
      ...withPolicyPrincipals([
        'cluster.local/ns/supply-chain/sa/shipping-service-sa',
      ]),
      workloads: [],
    };
    const inventory = computeDrift({ index, facts, cluster: available })
      .services[0];
    expect(
      inventory.undeclaredCallers.map(c => [c.component?.name, c.resolvedBy]),
    ).toEqual([['shipping-service', 'service-account-convention']]);
    expect(inventory.refusedDependencies.map(r => r.component.name)).toEqual([
      'ml-prediction-service',
      'order-service',
    ]);
  });

  it('DENY policies are not read as allow lists', () => {
    const facts: ClusterFacts = {
      ...seed,
      authorizationPolicies: seed.authorizationPolicies.map(p => ({
        ...p,
        action: 'DENY',
      })),
    };
    expect(
      computeDrift({ index, facts, cluster: available }).services[0].policies,
    ).toEqual([]);
  });

  it('responsibilities that differ, and ConfigMap entries naming no component', () => {
    const facts: ClusterFacts = {
      ...seed,
      serviceBoundaries: [
        {
          cluster: 'sandbox',
          namespace: 'supply-chain',
          data: {
            'inventory-service':
              'Responsibilities:\n- Product catalog management\n- Stock level tracking\n- Warehouse robotics\n',
            'returns-service': 'Responsibilities:\n- Returns\n',
          },
        },
      ],
    };
    const report = computeDrift({ index, facts, cluster: available });
    const inventory = report.services.find(
      s => s.entity.name === 'inventory-service',
    )!;
    expect(inventory.responsibilities).toMatchObject({
      status: 'differs',
      onlyInCluster: ['Warehouse robotics'],
      onlyInCatalog: ['Inventory allocation/deallocation', 'Low stock alerts'],
    });
    expect(
      report.services.find(s => s.entity.name === 'order-service')!
        .responsibilities.status,
    ).toBe('not-in-cluster');
    expect(report.unknownConfigMapServices).toEqual([
      { service: 'returns-service', source: 'sandbox/supply-chain' },
    ]);
    expect(report.summary.responsibilitiesDiffer).toBe(1);
  });

  it('same items in another order', () => {
    const facts: ClusterFacts = {
      ...seed,
      serviceBoundaries: [
        {
          cluster: 'sandbox',
          namespace: 'supply-chain',
          data: {
            'shipping-service':
              'Responsibilities:\n- Shipment tracking\n- Carrier integration\n- Delivery scheduling\n- Route optimization\n',
          },
        },
      ],
    };
    const shipping = computeDrift({
      index,
      facts,
      cluster: available,
    }).services.find(s => s.entity.name === 'shipping-service')!;
    expect(shipping.responsibilities).toMatchObject({
      status: 'differs',
      orderDiffers: true,
    });
  });

  it('a custom service account in the supplychain.io/service-account annotation is honoured', () => {
    const custom: Entity[] = catalog.map(e =>
      e.metadata.name === 'ml-prediction-service'
        ? {
            ...e,
            metadata: {
              ...e.metadata,
              annotations: {
                ...e.metadata.annotations,
                'supplychain.io/service-account': 'supply-chain/ml-runner',
              },
            },
          }
        : e,
    );
    const facts = {
      ...withPolicyPrincipals([
        'cluster.local/ns/supply-chain/sa/order-service-sa',
        'cluster.local/ns/supply-chain/sa/ml-runner',
      ]),
      workloads: [],
    };
    const inventory = computeDrift({
      index: CatalogIndex.fromEntities(custom),
      facts,
      cluster: available,
    }).services[0];
    expect(
      inventory.allowedCallers.map(c => [c.component?.name, c.resolvedBy]),
    ).toEqual([
      ['order-service', 'service-account-convention'],
      ['ml-prediction-service', 'service-account-annotation'],
    ]);
    expect(inventory.findings).toBe(0);
  });

  it('without cluster facts: the catalog side, labelled unavailable', () => {
    const report = computeDrift({
      index,
      facts: undefined,
      cluster: {
        status: 'unavailable',
        clusters: [],
        message: 'no cluster cache',
      },
    });
    expect(report.cluster.status).toBe('unavailable');
    expect(report.services).toHaveLength(6);
    expect(report.services[0].responsibilities).toMatchObject({
      status: 'unavailable',
      catalog: expect.arrayContaining(['Low stock alerts']),
    });
    expect(report.summary.servicesWithDrift).toBe(0);
  });
});
