import { Entity } from '@backstage/catalog-model';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { CatalogService } from '@backstage/plugin-catalog-node';

const component = (
  name: string,
  owner: string,
  dependsOn: string[] = [],
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner, dependsOn },
  // what the catalog's processors derive from spec.dependsOn / spec.owner
  relations: [
    { type: 'ownedBy', targetRef: owner },
    ...dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
  ],
});

/** A slice of catalog/*.yaml: teams, a system and services with their dependencies. */
export const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'fulfillment-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'ml-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'order-fulfillment', namespace: 'default' },
    spec: { owner: 'group:default/fulfillment-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'returns-db', namespace: 'default' },
    spec: { type: 'database', owner: 'group:default/fulfillment-team' },
  },
  component(
    'order-service',
    'group:default/fulfillment-team',
    [
      'component:default/inventory-service',
      'component:default/returns-service',
    ],
    {
      'backstage.io/kubernetes-id': 'order-service',
      'backstage.io/kubernetes-namespace': 'supply-chain',
    },
  ),
  component(
    'ml-prediction-service',
    'group:default/ml-team',
    ['component:default/returns-service'],
    { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
  ),
  component('inventory-service', 'group:default/fulfillment-team', [], {
    'backstage.io/kubernetes-id': 'inventory-service',
    'backstage.io/kubernetes-namespace': 'supply-chain',
  }),
  component('shipping-service', 'group:default/fulfillment-team', [
    'component:default/order-service',
  ]),
];

/** An in-memory catalog holding {@link catalogEntities} (plus `extra`). */
export function createTestCatalog(extra: Entity[] = []): CatalogService {
  return new InMemoryCatalogClient({
    entities: [...catalogEntities, ...extra],
  }) as unknown as CatalogService;
}
