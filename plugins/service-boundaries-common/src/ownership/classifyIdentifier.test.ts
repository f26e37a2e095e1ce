import { classifyIdentifier } from './classifyIdentifier';

describe('classifyIdentifier', () => {
  it.each([
    [
      'component:default/inventory-service',
      [
        {
          kind: 'entity-ref',
          entityKind: 'component',
          namespace: 'default',
          name: 'inventory-service',
        },
      ],
    ],
    [
      'Group:inventory-team',
      [{ kind: 'entity-ref', entityKind: 'group', name: 'inventory-team' }],
    ],
    [
      'cluster.local/ns/supply-chain/sa/order-service-sa',
      [
        {
          kind: 'istio-principal',
          principal: 'cluster.local/ns/supply-chain/sa/order-service-sa',
          trustDomain: 'cluster.local',
          namespace: 'supply-chain',
          serviceAccount: 'order-service-sa',
        },
      ],
    ],
    [
      'sandbox/supply-chain/deployment/inventory-service',
      [
        {
          kind: 'workload',
          cluster: 'sandbox',
          namespace: 'supply-chain',
          workloadKind: 'Deployment',
          name: 'inventory-service',
        },
      ],
    ],
    [
      'supply-chain/statefulset/redis',
      [
        {
          kind: 'workload',
          namespace: 'supply-chain',
          workloadKind: 'StatefulSet',
          name: 'redis',
        },
      ],
    ],
    [
      'deploy/order-service',
      [{ kind: 'workload', workloadKind: 'Deployment', name: 'order-service' }],
    ],
    [
      'sandbox/supply-chain/mlmodel/demand-forecasting-v2',
      [
        {
          kind: 'mlmodel',
          cluster: 'sandbox',
          namespace: 'supply-chain',
          name: 'demand-forecasting-v2',
        },
      ],
    ],
    [
      'mlmodel:demand-forecasting-v2',
      [{ kind: 'mlmodel', name: 'demand-forecasting-v2' }],
    ],
    [
      'mlmodel:supply-chain/demand-forecasting-v2',
      [
        {
          kind: 'mlmodel',
          namespace: 'supply-chain',
          name: 'demand-forecasting-v2',
        },
      ],
    ],
    [
      'argocd:inventory-service',
      [{ kind: 'argocd-app', name: 'inventory-service' }],
    ],
    [
      'argocd:sandbox/inventory-service',
      [{ kind: 'argocd-app', instance: 'sandbox', name: 'inventory-service' }],
    ],
    [
      'namespace:supply-chain',
      [{ kind: 'namespace', namespace: 'supply-chain' }],
    ],
    [
      'ns:sandbox/supply-chain',
      [{ kind: 'namespace', cluster: 'sandbox', namespace: 'supply-chain' }],
    ],
    [
      'your-registry/inventory-service:v1.2.3',
      [
        {
          kind: 'image',
          image: 'your-registry/inventory-service:v1.2.3',
          repository: 'your-registry/inventory-service',
          shortName: 'inventory-service',
          tag: 'v1.2.3',
          registry: undefined,
          digest: undefined,
        },
      ],
    ],
    [
      'ghcr.io/company/order-service:sha-1a2b',
      [
        {
          kind: 'image',
          image: 'ghcr.io/company/order-service:sha-1a2b',
          registry: 'ghcr.io',
          repository: 'company/order-service',
          shortName: 'order-service',
          tag: 'sha-1a2b',
          digest: undefined,
        },
      ],
    ],
    [
      'localhost:5000/app',
      [
        {
          kind: 'image',
          image: 'localhost:5000/app',
          registry: 'localhost:5000',
          repository: 'app',
          shortName: 'app',
          tag: undefined,
          digest: undefined,
        },
      ],
    ],
    [
      'inventory-service:v1.2.3',
      [
        {
          kind: 'image',
          image: 'inventory-service:v1.2.3',
          repository: 'inventory-service',
          shortName: 'inventory-service',
          tag: 'v1.2.3',
          registry: undefined,
          digest: undefined,
        },
      ],
    ],
  ])('%s', (input, expected) => {
    expect(classifyIdentifier(input)).toEqual(expected);
  });

  it('reads namespace/name as an entity ref first, an image repository second', () => {
    expect(
      classifyIdentifier('default/inventory-service').map(i => i.kind),
    ).toEqual(['entity-ref', 'image']);
  });

  it('tries every kind a bare name can be, entity name first', () => {
    expect(classifyIdentifier('inventory-service').map(i => i.kind)).toEqual([
      'entity-name',
      'argocd-app',
      'workload',
      'mlmodel',
      'namespace',
    ]);
  });

  it.each([
    [''],
    ['   '],
    ['two words'],
    ['argocd:'],
    ['component:a/b/c'],
    ['a//b'],
    ['namespace:a/b/c'],
  ])('rejects %p', input => {
    expect(classifyIdentifier(input)).toEqual([]);
  });
});
