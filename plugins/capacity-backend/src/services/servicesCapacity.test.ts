import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  COST_BASIS,
  parseCapacityPrices,
  WASTE_BASIS,
} from '@supply-chain/plugin-capacity-common';
import { SizingClusterReader } from './clusterReaders';
import { EntitySizingService } from './EntitySizingService';
import { sourcesOf } from './__fixtures__/sources';

const component = (
  name: string,
  owner: string,
  system?: string,
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': name,
  },
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner,
    ...(system ? { system } : {}),
  },
});

const entities: Entity[] = [
  component('web', 'team-a', 'shop'),
  component('ml', 'group:default/ml-team', 'ml-platform'),
  component('secret', 'team-b'),
  component('broken', 'team-a', undefined, {
    'backstage.io/kubernetes-label-selector': 'app in (',
  }),
  // no Kubernetes annotations: not a service of the page
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'docs', namespace: 'default' },
    spec: { type: 'website', lifecycle: 'production', owner: 'team-a' },
  },
  // not a Component or Resource
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'shop',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': 'web' },
    },
    spec: { owner: 'team-a' },
  },
];

const deployment = (name: string, cpu: string) => ({
  metadata: {
    name,
    namespace: 'shop',
    labels: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      spec: {
        containers: [
          {
            name: 'app',
            resources: { requests: { cpu, memory: '256Mi' } },
          },
        ],
      },
    },
  },
});

const pod = (name: string, app: string, node: string, cpu: string) => ({
  metadata: { name, namespace: 'shop', labels: { app } },
  spec: {
    nodeName: node,
    containers: [
      { name: 'app', resources: { requests: { cpu, memory: '256Mi' } } },
    ],
  },
});

const node = (name: string, group: string, type: string, capacity: string) => ({
  metadata: {
    name,
    labels: {
      'eks.amazonaws.com/nodegroup': group,
      'node.kubernetes.io/instance-type': type,
      'eks.amazonaws.com/capacityType': capacity,
    },
  },
  status: { allocatable: { cpu: '2', memory: '8Gi' } },
});

const objects: Record<string, unknown> = {
  '/api/v1/nodes': {
    items: [
      node('general-1', 'general-workload', 't3.large', 'ON_DEMAND'),
      node('ml-1', 'ml-workload', 'c5.2xlarge', 'SPOT'),
    ],
  },
  '/apis/apps/v1/deployments': {
    items: [
      deployment('web', '1'),
      deployment('ml', '1'),
      deployment('secret', '2'),
    ],
  },
  '/api/v1/pods': {
    items: [
      pod('web-a', 'web', 'general-1', '1'),
      pod('ml-a', 'ml', 'ml-1', '1'),
      pod('secret-a', 'secret', 'general-1', '2'),
    ],
  },
  '/apis/autoscaling/v2/horizontalpodautoscalers': { items: [] },
  '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers': {
    items: [
      {
        metadata: { name: 'ml-vpa', namespace: 'shop' },
        spec: {
          targetRef: { kind: 'Deployment', name: 'ml' },
          updatePolicy: { updateMode: 'Auto' },
        },
        status: {
          recommendation: {
            containerRecommendations: [
              {
                containerName: 'app',
                target: { cpu: '300m', memory: '256Mi' },
                lowerBound: { cpu: '200m', memory: '200Mi' },
                upperBound: { cpu: '500m', memory: '400Mi' },
                uncappedTarget: { cpu: '300m', memory: '256Mi' },
              },
            ],
          },
        },
      },
    ],
  },
  '/apis/metrics.k8s.io/v1beta1/pods': {
    items: [
      {
        metadata: { name: 'web-a', namespace: 'shop' },
        containers: [{ name: 'app', usage: { cpu: '500m', memory: '100Mi' } }],
      },
      {
        metadata: { name: 'ml-a', namespace: 'shop' },
        containers: [{ name: 'app', usage: { cpu: '250m', memory: '100Mi' } }],
      },
    ],
  },
};

function reader(name: string, missing: string[] = []) {
  const calls: string[] = [];
  const cluster: SizingClusterReader = {
    name,
    get: async <T>(path: string) => {
      calls.push(path);
      if (missing.includes(path) || !(path in objects)) {
        throw new Error(`GET ${path} on cluster ${name} failed with 403`);
      }
      return objects[path] as T;
    },
  };
  return { cluster, calls };
}

/** A catalog that lets each user read only the entities named for them. */
function catalogFor(visible: Record<string, string[]>): CatalogService {
  const mock = catalogServiceMock({ entities });
  return {
    ...mock,
    getEntities: async (request, options) => {
      const user = (
        options.credentials as BackstageCredentials<{ userEntityRef: string }>
      ).principal.userEntityRef;
      const { items } = await mock.getEntities(request, options);
      return {
        items: items.filter(e =>
          (visible[user] ?? []).includes(e.metadata.name),
        ),
      };
    },
  };
}

const prices = parseCapacityPrices([
  { instanceType: 't3.large', hourlyPrice: 0.1 },
  { nodeGroup: 'ml-workload', capacityType: 'SPOT', hourlyPrice: 0.2 },
]);

const everything = {
  'user:default/admin': ['web', 'ml', 'secret', 'broken', 'docs', 'shop'],
  'user:default/alice': ['web', 'ml', 'broken', 'docs'],
};

describe('EntitySizingService.servicesCapacity', () => {
  it('answers the annotated Components the caller may read, each costed, its waste and VPA verdict in words, with totals', async () => {
    const { cluster } = reader('prod');
    const service = EntitySizingService.fromSources(
      await sourcesOf([cluster]),
      catalogFor(everything),
      prices,
    );
    const res = await service.servicesCapacity(
      mockCredentials.user('user:default/alice'),
    );
    expect(res.currency).toBe('USD');
    expect(res.costBasis).toBe(COST_BASIS);
    expect(res.wasteBasis).toBe(WASTE_BASIS);
    expect(res.clusters).toEqual([{ name: 'prod', status: 'ok' }]);
    // secret is not readable by alice; docs has no annotations; shop is a System
    expect(res.services.map(s => s.entityRef)).toEqual([
      'component:default/broken',
      'component:default/ml',
      'component:default/web',
    ]);
    const [broken, ml, web] = res.services;
    expect(broken.problems).toEqual([
      'annotation backstage.io/kubernetes-label-selector is not a valid label selector: app in (',
    ]);
    expect(broken.deployments).toEqual([]);

    // web: 1 cpu of 2 = half of a 0.1/h node (36.5/month); uses 500m: a quarter
    expect(web).toMatchObject({
      owner: 'group:default/team-a',
      system: 'system:default/shop',
      deployments: ['prod/shop/web'],
      nodeGroups: ['general-workload'],
    });
    expect(web.monthlyFromRequests).toBeCloseTo(36.5, 10);
    expect(web.monthlyFromUsage).toBeCloseTo(18.25, 10);
    expect(web.waste).toBeCloseTo(18.25, 10);
    expect(web.vpa).toEqual([]);

    // ml: half of a 0.2/h SPOT node (73/month); uses 250m: an eighth
    expect(ml.owner).toBe('group:default/ml-team');
    expect(ml.nodeGroups).toEqual(['ml-workload']);
    expect(ml.monthlyFromRequests).toBeCloseTo(73, 10);
    expect(ml.waste).toBeCloseTo(73 - 18.25, 10);
    expect(ml.vpa.map(v => v.summary)).toEqual([
      'app: cpu over-provisioned, memory within bounds (VPA ml-vpa, Auto)',
    ]);
    expect(ml.vpa[0].cpu.message).toBe(
      "Requests 1 cpu, above the VPA's upper bound 500m; the VPA suggests 300m",
    );

    expect(
      res.totals.owner.map(t => [t.key, t.services, t.monthlyFromRequests]),
    ).toEqual([
      ['group:default/ml-team', 1, 73],
      ['group:default/team-a', 2, 36.5],
    ]);
    expect(res.totals.system.map(t => [t.key, t.services])).toEqual([
      ['system:default/ml-platform', 1],
      ['system:default/shop', 1],
      [undefined, 1],
    ]);
    expect(res.totals.nodeGroup.map(t => [t.key, t.services])).toEqual([
      ['general-workload', 1],
      ['ml-workload', 1],
    ]);
  });

  it("asks the catalog with the caller's credentials: another caller sees other services", async () => {
    const { cluster } = reader('prod');
    const service = EntitySizingService.fromSources(
      await sourcesOf([cluster]),
      catalogFor(everything),
      prices,
    );
    const admin = await service.servicesCapacity(
      mockCredentials.user('user:default/admin'),
    );
    expect(admin.services.map(s => s.name)).toEqual([
      'broken',
      'ml',
      'secret',
      'web',
    ]);
    const nobody = await service.servicesCapacity(
      mockCredentials.user('user:default/nobody'),
    );
    expect(nobody.services).toEqual([]);
    expect(nobody.totals).toEqual({ owner: [], system: [], nodeGroup: [] });
  });

  it('reads no cluster on a request: the watch cache lists its kinds once, the poll one list per kind, however many services', async () => {
    const prod = reader('prod');
    const staging = reader('staging');
    const sources = await sourcesOf([prod.cluster, staging.cluster]);
    for (const { calls } of [prod, staging]) {
      expect([...calls].sort()).toEqual([
        // the poll's
        '/api/v1/nodes',
        // the watch cache's first list (its fixture)
        '/api/v1/pods',
        '/apis/apps/v1/deployments',
        '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers',
        '/apis/autoscaling/v2/horizontalpodautoscalers',
        '/apis/metrics.k8s.io/v1beta1/nodes',
        '/apis/metrics.k8s.io/v1beta1/pods',
      ]);
      calls.length = 0;
    }
    const service = EntitySizingService.fromSources(
      sources,
      catalogFor(everything),
      prices,
    );
    const res = await service.servicesCapacity(
      mockCredentials.user('user:default/admin'),
    );
    expect(res.services.map(s => s.name)).toEqual([
      'broken',
      'ml',
      'secret',
      'web',
    ]);
    const web = await EntitySizingService.fromSources(
      sources,
      catalogServiceMock({ entities }),
      prices,
    ).sizingFor(
      { kind: 'component', namespace: 'default', name: 'web' },
      mockCredentials.user('user:default/admin'),
    );
    expect(web.clusters.map(c => c.deployments.length)).toEqual([1, 1]);
    expect(prod.calls).toEqual([]);
    expect(staging.calls).toEqual([]);
  });

  it('labels a cluster it cannot read, and one whose VPAs it cannot read, and still answers the rest', async () => {
    const down: SizingClusterReader = {
      name: 'down',
      get: async () => {
        throw new Error('cannot reach cluster down: connection refused');
      },
    };
    const partial = reader('prod', [
      '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers',
    ]);
    const service = EntitySizingService.fromSources(
      await sourcesOf([down, partial.cluster]),
      catalogFor(everything),
      prices,
    );
    const res = await service.servicesCapacity(
      mockCredentials.user('user:default/alice'),
    );
    expect(res.clusters).toEqual([
      {
        name: 'down',
        status: 'degraded',
        error: 'cannot reach cluster down: connection refused',
      },
      {
        name: 'prod',
        status: 'degraded',
        error:
          'VPAs: GET /apis/autoscaling.k8s.io/v1/verticalpodautoscalers on cluster prod failed with 403',
      },
    ]);
    const ml = res.services.find(s => s.name === 'ml')!;
    expect(ml.deployments).toEqual(['prod/shop/ml']);
    expect(ml.monthlyFromRequests).toBeCloseTo(73, 10);
    expect(ml.vpa).toEqual([]);
  });

  it('costs nothing without nodes, saying why, and labels the cluster', async () => {
    const { cluster } = reader('prod', ['/api/v1/nodes']);
    const service = EntitySizingService.fromSources(
      await sourcesOf([cluster]),
      catalogFor(everything),
      prices,
    );
    const res = await service.servicesCapacity(
      mockCredentials.user('user:default/alice'),
    );
    expect(res.clusters[0]).toEqual({
      name: 'prod',
      status: 'degraded',
      error:
        'cannot read the nodes: GET /api/v1/nodes on cluster prod failed with 403',
    });
    const web = res.services.find(s => s.name === 'web')!;
    expect(web.monthlyFromRequests).toBeUndefined();
    expect(web.missing).toEqual([
      'cannot read the nodes: GET /api/v1/nodes on cluster prod failed with 403',
    ]);
  });

  it('answers 1,000 services in one namespace from memory, each with its own Deployment, pod, HPA and VPA', async () => {
    const n = 1000;
    const names = Array.from(
      { length: n },
      (_, i) => `svc-${String(i).padStart(4, '0')}`,
    );
    const many: Record<string, unknown> = {
      '/api/v1/nodes': objects['/api/v1/nodes'],
      '/apis/apps/v1/deployments': {
        items: names.map(x => deployment(x, '10m')),
      },
      '/api/v1/pods': {
        items: names.map(x => pod(`${x}-a`, x, 'general-1', '10m')),
      },
      '/apis/autoscaling/v2/horizontalpodautoscalers': {
        items: names.map(x => ({
          metadata: { name: x, namespace: 'shop' },
          spec: {
            scaleTargetRef: { kind: 'Deployment', name: x },
            minReplicas: 1,
            maxReplicas: 3,
          },
          status: { currentReplicas: 1 },
        })),
      },
      '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers': {
        items: names.map(x => ({
          metadata: { name: `${x}-vpa`, namespace: 'shop' },
          spec: {
            targetRef: { kind: 'Deployment', name: x },
            updatePolicy: { updateMode: 'Off' },
          },
        })),
      },
      '/apis/metrics.k8s.io/v1beta1/pods': {
        items: names.map(x => ({
          metadata: { name: `${x}-a`, namespace: 'shop' },
          containers: [{ name: 'app', usage: { cpu: '5m', memory: '10Mi' } }],
        })),
      },
    };
    const cluster: SizingClusterReader = {
      name: 'prod',
      get: async <T>(path: string) => {
        if (!(path in many)) throw new Error(`GET ${path}: 404`);
        return many[path] as T;
      },
    };
    const service = EntitySizingService.fromSources(
      await sourcesOf([cluster]),
      catalogServiceMock({
        entities: names.map(x => component(x, 'team-a')),
      }),
      prices,
    );
    const res = await service.servicesCapacity(mockCredentials.user());
    expect(res.clusters).toEqual([{ name: 'prod', status: 'ok' }]);
    expect(res.services).toHaveLength(n);
    for (const [i, s] of res.services.entries()) {
      expect(s.deployments).toEqual([`prod/shop/${names[i]}`]);
      expect(s.vpa.map(v => v.vpa)).toEqual([`${names[i]}-vpa`]);
      // 10m of 2 cpu is less than 256Mi of 8Gi: 1/32 of a 0.1/h node
      expect(s.monthlyFromRequests).toBeCloseTo((0.1 * 730) / 32, 10);
    }
  });
});
