import {
  loadRealCatalog,
  inventoryShadow,
  loadSeedClusterFacts,
} from '../testUtils';
import { CatalogIndex } from '../catalogIndex';
import { resolveOwnership } from './resolveOwnership';

const index = CatalogIndex.fromEntities(loadRealCatalog());
const seed = loadSeedClusterFacts();
const available = { status: 'available' as const, clusters: ['sandbox'] };
const unavailable = {
  status: 'unavailable' as const,
  clusters: [],
  message: 'cluster cache not running',
};

describe('resolveOwnership: each identifier kind resolves to the right team', () => {
  it.each([
    [
      'inventory-service',
      'component:default/inventory-service',
      'inventory-team',
      'entity-name',
    ],
    [
      'component:default/order-service',
      'component:default/order-service',
      'fulfillment-team',
      'entity-ref',
    ],
    [
      'default/shipping-service',
      'component:default/shipping-service',
      'fulfillment-team',
      'entity-ref',
    ],
    [
      'api:inventory-http',
      'api:default/inventory-http',
      'inventory-team',
      'entity-ref',
    ],
    [
      'resource:default/feature-store',
      'resource:default/feature-store',
      'ml-team',
      'entity-ref',
    ],
    [
      'system:order-fulfillment',
      'system:default/order-fulfillment',
      'fulfillment-team',
      'entity-ref',
    ],
    ['group:default/ml-team', 'group:default/ml-team', 'ml-team', 'entity-ref'],
    [
      'sandbox/supply-chain/deployment/inventory-service',
      'component:default/inventory-service',
      'inventory-team',
      'workload-label',
    ],
    [
      'supply-chain/deployment/order-service',
      'component:default/order-service',
      'fulfillment-team',
      'workload-label',
    ],
    [
      'cluster.local/ns/supply-chain/sa/order-service-sa',
      'component:default/order-service',
      'fulfillment-team',
      'service-account-of-workload',
    ],
    [
      'cluster.local/ns/supply-chain/sa/ml-prediction-service-sa',
      'component:default/ml-prediction-service',
      'ml-team',
      'service-account-of-workload',
    ],
    [
      'your-registry/inventory-service:v1.2.3',
      'component:default/inventory-service',
      'inventory-team',
      'image-of-workload',
    ],
    [
      'argocd:shipping-service',
      'component:default/shipping-service',
      'fulfillment-team',
      'argocd-app-name-annotation',
    ],
    [
      'mlmodel:demand-forecasting-v2',
      'component:default/ml-prediction-service',
      'ml-team',
      'mlmodel-label',
    ],
    [
      'sandbox/supply-chain/mlmodel/anomaly-detection-v1',
      'component:default/ml-prediction-service',
      'ml-team',
      'mlmodel-label',
    ],
  ])('%s → %s (%s, %s)', (query, entityRef, team, matchedBy) => {
    const answer = resolveOwnership(query, index, seed, available);
    expect(answer.status).toBe('matched');
    expect(answer.matches[0]).toMatchObject({
      rank: 1,
      matchedBy,
      entity: { ref: entityRef },
      owner: { ref: `group:default/${team}` },
    });
  });

  it('the answer carries the system, the members with emails and the contact links', () => {
    const [match] = resolveOwnership(
      'inventory-service',
      index,
      undefined,
      unavailable,
    ).matches;
    expect(match.system).toMatchObject({
      ref: 'system:default/inventory-management',
      title: 'Inventory Management',
    });
    expect(match.owner).toMatchObject({
      title: 'Inventory Team',
      email: 'inventory-team@supplychain.example',
      links: [
        {
          title: '#inventory-team on Slack',
          url: 'https://slack.supplychain.example/channels/inventory-team',
          type: 'slack',
        },
      ],
    });
    expect(match.owner!.members.map(m => [m.name, m.email])).toEqual([
      ['aisha.bello', 'aisha.bello@supplychain.example'],
      ['elena.petrova', 'elena.petrova@supplychain.example'],
      ['marcus.lindqvist', 'marcus.lindqvist@supplychain.example'],
    ]);
  });

  it.each([
    [
      'cluster.local/ns/supply-chain/sa/order-service-sa',
      'order-service',
      'service-account-convention',
    ],
    [
      'your-registry/inventory-service:v1.2.3',
      'inventory-service',
      'image-name-convention',
    ],
    [
      'sandbox/supply-chain/deployment/inventory-service',
      'inventory-service',
      'kubernetes-id-annotation',
    ],
  ])(
    'without clusters %s still resolves from the catalog (%s by %s)',
    (query, name, matchedBy) => {
      const answer = resolveOwnership(query, index, undefined, unavailable);
      expect(answer.matches[0]).toMatchObject({ entity: { name }, matchedBy });
    },
  );

  it('a namespace is ambiguous: every component in it, ranked', () => {
    const answer = resolveOwnership(
      'namespace:supply-chain',
      index,
      seed,
      available,
    );
    expect(answer.status).toBe('ambiguous');
    expect(
      answer.matches.map(m => [m.rank, m.entity.name, m.owner?.name]),
    ).toEqual([
      [1, 'inventory-service', 'inventory-team'],
      [2, 'order-service', 'fulfillment-team'],
      [3, 'shipping-service', 'fulfillment-team'],
      [4, 'ml-prediction-service', 'ml-team'],
    ]);
    expect(answer.message).toBe(
      '4 candidates for "namespace:supply-chain", strongest first',
    );
  });

  it('a workload a Resource claims too is ambiguous, naming both claimants', () => {
    const answer = resolveOwnership(
      'sandbox/supply-chain/deployment/inventory-service',
      CatalogIndex.fromEntities([...loadRealCatalog(), inventoryShadow]),
      seed,
      available,
    );
    expect(answer.status).toBe('ambiguous');
    expect(
      answer.matches.map(m => [m.entity.ref, m.owner?.name]).sort(),
    ).toEqual([
      ['component:default/inventory-service', 'inventory-team'],
      ['resource:default/inventory-shadow', 'ml-team'],
    ]);
  });

  it('nothing matched: says so and names the kinds tried', () => {
    const answer = resolveOwnership(
      'warehouse-robot',
      index,
      undefined,
      unavailable,
    );
    expect(answer.status).toBe('none');
    expect(answer.tried).toEqual([
      'entity-name',
      'argocd-app',
      'workload',
      'mlmodel',
      'namespace',
    ]);
    expect(answer.message).toContain(
      'Nothing matched "warehouse-robot". Tried: entity name, Argo CD application, Kubernetes workload, MLModel, namespace.',
    );
    expect(answer.message).toContain('clusters are unavailable');
  });

  it('an MLModel cannot be resolved without the cluster', () => {
    const answer = resolveOwnership(
      'mlmodel:demand-forecasting-v2',
      index,
      undefined,
      unavailable,
    );
    expect(answer.status).toBe('none');
    expect(answer.message).toContain('cluster cache not running');
  });

  it('malformed input names what is understood', () => {
    const answer = resolveOwnership('two words', index, undefined, unavailable);
    expect(answer).toMatchObject({ status: 'none', tried: [] });
    expect(answer.message).toContain('not an identifier');
  });

  it('a user resolves to the group they belong to', () => {
    const [match] = resolveOwnership(
      'user:raj.patel',
      index,
      undefined,
      unavailable,
    ).matches;
    expect(match.owner?.ref).toBe('group:default/ml-team');
  });
});
