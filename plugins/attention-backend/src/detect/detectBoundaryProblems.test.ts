import {
  CatalogIndex,
  ClusterFacts,
} from '@supply-chain/plugin-service-boundaries-common';
import {
  loadRealCatalog,
  loadSeedClusterFacts,
} from '@supply-chain/plugin-service-boundaries-common/testUtils';
import {
  detectBoundaryDrift,
  detectUnownedWorkloads,
} from './detectBoundaryProblems';

const ADMIN_SA = 'cluster.local/ns/supply-chain/sa/admin-sa';
const index = CatalogIndex.fromEntities(loadRealCatalog());

function seedFactsWith(edit: (facts: ClusterFacts) => void): ClusterFacts {
  const facts = structuredClone(loadSeedClusterFacts());
  edit(facts);
  return facts;
}

describe('detectBoundaryDrift', () => {
  it("the seed's one drift: admin-sa is let into inventory-service without a declared dependency", () => {
    const problems = detectBoundaryDrift(index, loadSeedClusterFacts());
    expect(problems).toEqual([
      {
        id: 'boundary-drift:component:default/inventory-service',
        kind: 'boundary-drift',
        severity: 'warning',
        entityRef: 'component:default/inventory-service',
        ownerRef: 'group:default/inventory-team',
        source: 'boundaries',
        subject: 'Service boundaries of inventory-service',
        title: 'inventory-service: boundaries drift from the catalog',
        reason: `1 undeclared caller (the mesh allows them, the catalog declares no dependency): ${ADMIN_SA}`,
        link: '/catalog/default/component/inventory-service',
      },
    ]);
  });

  it('no problem once the policy admits only declared callers', () => {
    const facts = seedFactsWith(f => {
      for (const rule of f.authorizationPolicies.flatMap(p => p.rules)) {
        rule.principals = rule.principals?.filter(p => !p.endsWith(ADMIN_SA));
      }
    });
    expect(detectBoundaryDrift(index, facts)).toEqual([]);
  });

  it("names each finding: a responsibility only in the cluster's ConfigMap and a declared dependency the mesh refuses", () => {
    const facts = seedFactsWith(f => {
      const configMap = f.serviceBoundaries.find(
        cm => 'inventory-service' in cm.data,
      )!;
      configMap.data['inventory-service'] = configMap.data[
        'inventory-service'
      ].replace(
        '- Low stock alerts\n',
        '- Low stock alerts\n- Supplier purchase orders\n',
      );
      for (const rule of f.authorizationPolicies.flatMap(p => p.rules)) {
        rule.principals = rule.principals?.filter(
          p => !p.endsWith('/sa/order-service-sa'),
        );
      }
    });
    const [inventory] = detectBoundaryDrift(index, facts);
    expect(inventory.entityRef).toBe('component:default/inventory-service');
    expect(inventory.reason).toBe(
      [
        `1 undeclared caller (the mesh allows them, the catalog declares no dependency): ${ADMIN_SA}`,
        'declared dependencies the mesh would refuse: order-service',
        'responsibilities differ from the cluster ConfigMap (sandbox/supply-chain): only in the cluster: Supplier purchase orders',
      ].join('; '),
    );
  });
});

describe('detectUnownedWorkloads', () => {
  it('nothing for the seed: every seeded workload has its component', () => {
    expect(detectUnownedWorkloads(index, loadSeedClusterFacts())).toEqual([]);
  });

  it('one problem per namespace naming the workloads no entity claims and their images, of no entity, linking the Who owns page', () => {
    const facts = seedFactsWith(f => {
      for (const name of ['stray-report-job', 'legacy-exporter']) {
        f.workloads.push({
          cluster: 'sandbox',
          namespace: 'supply-chain',
          kind: 'Deployment',
          name,
          images: [`registry.example/${name}:1.0`],
        });
      }
    });
    expect(detectUnownedWorkloads(index, facts)).toEqual([
      {
        id: 'unowned-workload:sandbox/supply-chain',
        kind: 'unowned-workload',
        severity: 'warning',
        source: 'boundaries',
        subject: 'namespace sandbox/supply-chain',
        title: 'sandbox/supply-chain: 2 workloads no catalog entity claims',
        reason:
          'No catalog entity claims Deployment legacy-exporter (registry.example/legacy-exporter:1.0), Deployment stray-report-job (registry.example/stray-report-job:1.0)',
        link: '/who-owns',
      },
    ]);
  });
});
