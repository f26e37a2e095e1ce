import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parseCapacityPrices } from '@supply-chain/plugin-capacity-common';
import { SizingClusterReader } from './clusterReaders';
import { sourcesOf } from './__fixtures__/sources';
import {
  EntitySizingService,
  parseSizingEntityRef,
} from './EntitySizingService';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'web' },
  },
  spec: {},
};

const deployment = (name: string, id: string) => ({
  metadata: {
    name,
    namespace: 'shop',
    labels: { 'backstage.io/kubernetes-id': id },
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      spec: {
        containers: [
          {
            name: 'app',
            resources: {
              requests: { cpu: '1', memory: '256Mi' },
              limits: { cpu: '2', memory: '512Mi' },
            },
          },
        ],
      },
    },
  },
});

const objects: Record<string, unknown> = {
  '/api/v1/nodes': {
    items: [
      {
        metadata: {
          name: 'general-1',
          labels: {
            'eks.amazonaws.com/nodegroup': 'general',
            'node.kubernetes.io/instance-type': 't3.large',
            'eks.amazonaws.com/capacityType': 'ON_DEMAND',
          },
        },
        status: { allocatable: { cpu: '2', memory: '8Gi' } },
      },
      {
        metadata: {
          name: 'ml-1',
          labels: {
            'eks.amazonaws.com/nodegroup': 'ml',
            'node.kubernetes.io/instance-type': 'c5.2xlarge',
            'eks.amazonaws.com/capacityType': 'SPOT',
          },
        },
        spec: {
          taints: [{ key: 'workload', value: 'ml', effect: 'NoSchedule' }],
        },
        status: { allocatable: { cpu: '8', memory: '16Gi' } },
      },
    ],
  },
  '/apis/apps/v1/deployments': {
    items: [deployment('web', 'web'), deployment('other', 'other')],
  },
  '/api/v1/pods': {
    items: [
      {
        metadata: { name: 'web-a', namespace: 'shop', labels: { app: 'web' } },
        spec: {
          nodeName: 'general-1',
          containers: [
            {
              name: 'app',
              resources: { requests: { cpu: '1', memory: '256Mi' } },
            },
          ],
        },
      },
      {
        // tolerates the ML taint yet runs on a general node
        metadata: { name: 'web-b', namespace: 'shop', labels: { app: 'web' } },
        spec: {
          nodeName: 'general-1',
          tolerations: [
            {
              key: 'workload',
              operator: 'Equal',
              value: 'ml',
              effect: 'NoSchedule',
            },
          ],
          containers: [
            {
              name: 'app',
              resources: { requests: { cpu: '1', memory: '256Mi' } },
            },
          ],
        },
      },
      {
        metadata: {
          name: 'other-a',
          namespace: 'shop',
          labels: { app: 'other' },
        },
      },
    ],
  },
  '/apis/autoscaling/v2/horizontalpodautoscalers': {
    items: [
      {
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web' },
          minReplicas: 2,
          maxReplicas: 2,
        },
        status: { currentReplicas: 2 },
      },
    ],
  },
  '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers': {
    items: [
      {
        metadata: { name: 'web-vpa', namespace: 'shop' },
        spec: {
          targetRef: { kind: 'Deployment', name: 'web' },
          updatePolicy: { updateMode: 'Off' },
        },
        status: {
          recommendation: {
            containerRecommendations: [
              {
                containerName: 'app',
                target: { cpu: '300m', memory: '300Mi' },
                lowerBound: { cpu: '200m', memory: '280Mi' },
                upperBound: { cpu: '500m', memory: '400Mi' },
                uncappedTarget: { cpu: '300m', memory: '300Mi' },
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
        containers: [{ name: 'app', usage: { cpu: '100m', memory: '100Mi' } }],
      },
      {
        metadata: { name: 'web-b', namespace: 'shop' },
        containers: [{ name: 'app', usage: { cpu: '300m', memory: '300Mi' } }],
      },
      {
        metadata: { name: 'other-a', namespace: 'shop' },
        containers: [{ name: 'app', usage: { cpu: '2', memory: '1Gi' } }],
      },
    ],
  },
};

function reader(missing: string[] = []): SizingClusterReader {
  return {
    name: 'prod',
    get: async <T>(path: string) => {
      if (missing.includes(path) || !(path in objects)) {
        throw new Error(`GET ${path} on cluster prod failed with 404`);
      }
      return objects[path] as T;
    },
  };
}

const Mi = 1024 ** 2;

describe('EntitySizingService', () => {
  it("sizes the entity's Deployment only, against its VPA and HPA", async () => {
    const service = EntitySizingService.fromSources(
      await sourcesOf([reader()]),
      catalogServiceMock({ entities: [entity] }),
    );
    const res = await service.sizingFor(
      parseSizingEntityRef('component:default/web'),
      mockCredentials.user(),
    );
    expect(res.clusters).toHaveLength(1);
    const [cluster] = res.clusters;
    expect(cluster.status).toBe('ok');
    expect(cluster.deployments.map(d => d.name)).toEqual(['web']);
    const [web] = cluster.deployments;
    expect(web.vpa).toEqual({
      name: 'web-vpa',
      updateMode: 'Off',
      updateModeMeaning: 'Only recommends; it never changes pods',
    });
    expect(web.hpa?.capped).toBe(true);
    const [app] = web.containers;
    expect(app.podUsage.map(u => u.pod)).toEqual(['web-a', 'web-b']);
    expect(app.usage).toEqual({ cpu: 0.2, memory: 200 * Mi });
    expect(app.usageShareOfRequests?.cpu).toBeCloseTo(0.2);
    expect(app.limits).toEqual({ cpu: 2, memory: 512 * Mi });
    expect(app.verdicts.cpu.verdict).toBe('over-provisioned');
    expect(app.verdicts.memory.verdict).toBe('under-provisioned');
  });

  it('degrades the cluster, naming what it could not read, when the VPA API is missing', async () => {
    const service = EntitySizingService.fromSources(
      await sourcesOf([
        reader(['/apis/autoscaling.k8s.io/v1/verticalpodautoscalers']),
      ]),
      catalogServiceMock({ entities: [entity] }),
    );
    const res = await service.sizingFor(
      parseSizingEntityRef('web'),
      mockCredentials.user(),
    );
    const [cluster] = res.clusters;
    expect(cluster.status).toBe('degraded');
    expect(cluster.error).toBe(
      'VPAs: GET /apis/autoscaling.k8s.io/v1/verticalpodautoscalers on cluster prod failed with 404',
    );
    const [app] = cluster.deployments[0].containers;
    expect(app.recommendation).toBeUndefined();
    expect(app.verdicts.cpu.verdict).toBe('no recommendation yet');
    expect(app.podUsage).toHaveLength(2);
  });

  it("places the Deployment's pods on their node group, names the misplaced one, and costs them from the configured price", async () => {
    const service = EntitySizingService.fromSources(
      await sourcesOf([reader()]),
      catalogServiceMock({ entities: [entity] }),
      parseCapacityPrices([{ nodeGroup: 'general', hourlyPrice: 0.1 }]),
    );
    const res = await service.sizingFor(
      parseSizingEntityRef('web'),
      mockCredentials.user(),
    );
    const [web] = res.clusters[0].deployments;
    expect(web.placement?.verdict).toBe('misplaced');
    expect(web.placement?.nodeGroups).toEqual([
      {
        nodeGroup: 'general',
        instanceTypes: ['t3.large'],
        capacityTypes: ['ON_DEMAND'],
        nodes: ['general-1'],
        pods: ['web-a', 'web-b'],
      },
    ]);
    expect(web.placement?.findings).toEqual([
      'Pod web-b tolerates workload=ml:NoSchedule (the taint of node group ml) but runs on general-1 (node group general)',
    ]);
    // 1 cpu of 2 beats 256Mi of 8Gi: half the node, 0.1/h × 730 h each
    expect(web.cost?.pods.map(p => p.requestShare)).toEqual([0.5, 0.5]);
    expect(web.cost?.monthlyFromRequests).toBeCloseTo(73, 10);
    // usage 100m and 300m of 2 cpu against 100Mi and 300Mi of 8Gi
    expect(web.cost?.monthlyFromUsage).toBeCloseTo(0.2 * 0.1 * 730, 10);
    expect(web.cost?.missing).toEqual([]);
  });

  it("costs a pod from its effective request: an init container larger than the containers' sum counts", async () => {
    const pods = objects['/api/v1/pods'] as {
      items: Array<{ metadata: { name: string }; spec?: object }>;
    };
    const withInit: SizingClusterReader = {
      name: 'prod',
      get: async <T>(path: string) =>
        (path === '/api/v1/pods'
          ? {
              items: pods.items.map(p =>
                p.metadata.name === 'web-a'
                  ? {
                      ...p,
                      spec: {
                        ...p.spec,
                        // a migration that needs the whole node's 2 cpu once
                        initContainers: [
                          {
                            name: 'migrate',
                            resources: { requests: { cpu: '2' } },
                          },
                        ],
                      },
                    }
                  : p,
              ),
            }
          : objects[path]) as T,
    };
    const service = EntitySizingService.fromSources(
      await sourcesOf([withInit]),
      catalogServiceMock({ entities: [entity] }),
      parseCapacityPrices([{ nodeGroup: 'general', hourlyPrice: 0.1 }]),
    );
    const res = await service.sizingFor(
      parseSizingEntityRef('web'),
      mockCredentials.user(),
    );
    const [web] = res.clusters[0].deployments;
    // web-a: max(1 cpu of its container, 2 of its init container) = the node
    expect(web.cost?.pods.map(p => [p.pod, p.requestShare])).toEqual([
      ['web-a', 1],
      ['web-b', 0.5],
    ]);
    expect(web.cost?.monthlyFromRequests).toBeCloseTo(1.5 * 0.1 * 730, 10);
    // the container table still shows the containers' own requests
    expect(web.containers.map(c => c.name)).toEqual(['app']);
  });

  it('answers the rest when the nodes cannot be read, with placement unknown and why', async () => {
    const service = EntitySizingService.fromSources(
      await sourcesOf([reader(['/api/v1/nodes'])]),
      catalogServiceMock({ entities: [entity] }),
    );
    const res = await service.sizingFor(
      parseSizingEntityRef('web'),
      mockCredentials.user(),
    );
    const [cluster] = res.clusters;
    expect(cluster.status).toBe('ok');
    const [web] = cluster.deployments;
    expect(web.containers[0].podUsage).toHaveLength(2);
    expect(web.placement).toEqual({
      verdict: 'unknown',
      message:
        'cannot read the nodes: GET /api/v1/nodes on cluster prod failed with 404',
      nodeGroups: [],
      findings: [],
      unscheduledPods: [],
    });
    expect(web.cost?.missing).toEqual([
      'cannot read the nodes: GET /api/v1/nodes on cluster prod failed with 404',
    ]);
    expect(web.cost?.monthlyFromRequests).toBeUndefined();
  });

  it('names a malformed entityRef', () => {
    expect(() => parseSizingEntityRef('component:')).toThrow(/^entityRef: /);
    expect(() => parseSizingEntityRef(undefined)).toThrow(
      'entityRef is required: one entity ref such as component:default/order-service',
    );
  });
});
