import { Entity } from '@backstage/catalog-model';
import {
  CatalogIndex,
  ClusterFacts,
  buildBoundaryMap,
  buildServiceBoundary,
  computeDrift,
  findUnownedWorkloads,
  resolveOwnership,
} from '@supply-chain/plugin-service-boundaries-common';

const component = (
  name: string,
  owner: string,
  system: string,
  spec: Record<string, unknown> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'backstage.io/kubernetes-id': name,
      'backstage.io/kubernetes-namespace': 'supply-chain',
    },
  },
  spec: { type: 'service', owner, system, ...spec },
});

/** A slice of the supply-chain catalog. */
export const entities: Entity[] = [
  component('inventory-service', 'inventory-team', 'inventory-management', {
    responsibilities: ['Product catalog management', 'Stock level tracking'],
    dependsOn: ['resource:inventory-db'],
    providesApis: ['inventory-http'],
  }),
  component('order-service', 'fulfillment-team', 'order-fulfillment', {
    dependsOn: ['component:inventory-service'],
    consumesApis: ['inventory-http'],
  }),
  component('ml-prediction-service', 'ml-team', 'ml-platform', {
    consumesApis: ['inventory-http'],
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'inventory-db' },
    spec: {
      type: 'database',
      owner: 'inventory-team',
      system: 'inventory-management',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'inventory-http' },
    spec: {
      type: 'openapi',
      owner: 'inventory-team',
      system: 'inventory-management',
    },
  },
  ...['inventory-management', 'order-fulfillment', 'ml-platform'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name },
    spec: { owner: 'engineering', domain: 'supply-chain' },
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'supply-chain' },
    spec: { owner: 'engineering' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'inventory-team',
      links: [
        {
          url: 'https://slack.example/inventory-team',
          title: '#inventory-team on Slack',
        },
      ],
    },
    spec: {
      type: 'team',
      profile: {
        displayName: 'Inventory Team',
        email: 'inventory-team@supplychain.example',
      },
      children: [],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'aisha.bello' },
    spec: {
      profile: {
        displayName: 'Aisha Bello',
        email: 'aisha.bello@supplychain.example',
      },
      memberOf: ['inventory-team'],
    },
  },
];

export const index = CatalogIndex.fromEntities(entities);

/** The seed's AuthorizationPolicy of inventory-service. */
export const facts: ClusterFacts = {
  clusters: ['sandbox'],
  authorizationPolicies: [
    {
      cluster: 'sandbox',
      namespace: 'supply-chain',
      name: 'inventory-service-authz',
      selector: { app: 'inventory-service' },
      rules: [
        {
          principals: [
            'cluster.local/ns/supply-chain/sa/order-service-sa',
            'cluster.local/ns/supply-chain/sa/ml-prediction-service-sa',
          ],
        },
        { principals: ['cluster.local/ns/supply-chain/sa/admin-sa'] },
      ],
    },
  ],
  serviceBoundaries: [],
  workloads: [
    {
      cluster: 'sandbox',
      namespace: 'supply-chain',
      kind: 'Deployment',
      name: 'legacy-reporting',
      images: ['your-registry/legacy:1'],
    },
  ],
  mlModels: [],
};

const available = { status: 'available' as const, clusters: ['sandbox'] };
export const unavailable = {
  status: 'unavailable' as const,
  clusters: [],
  message: 'Cluster data unavailable: connect ECONNREFUSED',
};

export const inventoryBoundary = buildServiceBoundary(
  index.get('component:default/inventory-service')!,
  index,
);
export const driftReport = computeDrift({ index, facts, cluster: available });
export const driftUnavailable = computeDrift({ index, cluster: unavailable });
/** legacy-reporting claimed by a component and by an ML team's resource */
export const driftShared = computeDrift({
  index: CatalogIndex.fromEntities([
    ...entities,
    component('legacy-reporting', 'fulfillment-team', 'order-fulfillment'),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'reporting-model',
        annotations: { 'backstage.io/kubernetes-id': 'legacy-reporting' },
      },
      spec: { type: 'ml-model', owner: 'ml-team' },
    },
  ]),
  facts: {
    ...facts,
    workloads: facts.workloads.map(w => ({
      ...w,
      labels: { 'backstage.io/kubernetes-id': 'legacy-reporting' },
    })),
  },
  cluster: available,
});
export const domainMap = buildBoundaryMap(
  index,
  index.get('domain:default/supply-chain'),
);
export const unownedReport = findUnownedWorkloads(index, facts, available);
export const unownedUnavailable = findUnownedWorkloads(
  index,
  undefined,
  unavailable,
);
export const whoOwnsInventory = resolveOwnership(
  'inventory-service',
  index,
  facts,
  available,
);
export const whoOwnsNothing = resolveOwnership(
  'warehouse-robot',
  index,
  facts,
  available,
);
