import { parseCapacityPrices } from '@supply-chain/plugin-capacity-common';
import { SizingClusterReader } from './clusterReaders';
import { NodeGroupService } from './NodeGroupService';
import { sourcesOf } from './__fixtures__/sources';

const Gi = 1024 ** 3;
/** the pods as the watch cache lists them (all phases) */
const PODS = '/api/v1/pods';

const objects: Record<string, unknown> = {
  '/api/v1/nodes': {
    items: [
      {
        metadata: {
          name: 'ml-1',
          labels: {
            'eks.amazonaws.com/nodegroup': 'ml',
            'node.kubernetes.io/instance-type': 'c5.2xlarge',
            'eks.amazonaws.com/capacityType': 'SPOT',
          },
        },
        status: { allocatable: { cpu: '8', memory: '16Gi' } },
      },
    ],
  },
  [PODS]: {
    items: [
      {
        spec: {
          nodeName: 'ml-1',
          containers: [
            { resources: { requests: { cpu: '2', memory: '4Gi' } } },
            { resources: { requests: { cpu: '500m' } } },
          ],
        },
      },
      { spec: { containers: [{ resources: { requests: { cpu: '8' } } }] } },
      // finished pods hold no requests on their node
      {
        spec: {
          nodeName: 'ml-1',
          containers: [{ resources: { requests: { cpu: '1' } } }],
        },
        status: { phase: 'Succeeded' },
      },
      {
        spec: {
          nodeName: 'ml-1',
          containers: [{ resources: { requests: { memory: '1Gi' } } }],
        },
        status: { phase: 'Failed' },
      },
    ],
  },
  '/apis/apps/v1/deployments': { items: [] },
  '/apis/autoscaling/v2/horizontalpodautoscalers': { items: [] },
  '/apis/metrics.k8s.io/v1beta1/nodes': {
    items: [{ metadata: { name: 'ml-1' }, usage: { cpu: '4', memory: '8Gi' } }],
  },
};

const reader = (missing: string[] = []): SizingClusterReader => ({
  name: 'prod',
  get: async <T>(path: string) => {
    if (missing.includes(path) || !(path in objects)) {
      throw new Error(`GET ${path} on cluster prod failed with 403`);
    }
    return objects[path] as T;
  },
});

const prices = parseCapacityPrices([
  { nodeGroup: 'ml', capacityType: 'SPOT', hourlyPrice: 0.2 },
]);

describe('NodeGroupService', () => {
  it("answers each node group's requested and used share of its allocatable and its monthly price", async () => {
    const res = await NodeGroupService.fromSources(
      await sourcesOf([reader()]),
      prices,
    ).nodeGroups();
    expect(res.currency).toBe('USD');
    const [cluster] = res.clusters;
    expect(cluster.status).toBe('ok');
    expect(cluster.nodeGroups).toEqual([
      {
        nodeGroup: 'ml',
        nodes: ['ml-1'],
        instanceTypes: ['c5.2xlarge'],
        capacityTypes: ['SPOT'],
        allocatable: { cpu: 8, memory: 16 * Gi },
        // the pending pod (no node) is not counted
        requested: { cpu: 2.5, memory: 4 * Gi },
        requestedShare: { cpu: 2.5 / 8, memory: 0.25 },
        used: { cpu: 4, memory: 8 * Gi },
        usedShare: { cpu: 0.5, memory: 0.5 },
        monthlyPrice: expect.closeTo(0.2 * 730, 10),
        missing: [],
      },
    ]);
  });

  it("counts a pod's init containers as the scheduler does: the largest of them when it exceeds the containers' sum", async () => {
    const withInit: SizingClusterReader = {
      name: 'prod',
      get: async <T>(path: string) =>
        (path === PODS
          ? {
              items: [
                {
                  spec: {
                    nodeName: 'ml-1',
                    // a model download of 4 cores / 1Gi before a 1-core / 2Gi server
                    initContainers: [
                      { resources: { requests: { cpu: '4', memory: '1Gi' } } },
                    ],
                    containers: [
                      { resources: { requests: { cpu: '1', memory: '2Gi' } } },
                    ],
                    overhead: { cpu: '100m' },
                  },
                },
              ],
            }
          : objects[path]) as T,
    };
    const res = await NodeGroupService.fromSources(
      await sourcesOf([withInit]),
      prices,
    ).nodeGroups();
    expect(res.clusters[0].nodeGroups[0].requested).toEqual({
      cpu: 4.1,
      memory: 2 * Gi,
    });
    expect(res.clusters[0].nodeGroups[0].requestedShare).toEqual({
      cpu: 4.1 / 8,
      memory: 2 / 16,
    });
  });

  it('degrades the cluster naming what it could not read, answering the rest', async () => {
    const res = await NodeGroupService.fromSources(
      await sourcesOf([reader(['/apis/metrics.k8s.io/v1beta1/nodes'])]),
      prices,
    ).nodeGroups();
    const [cluster] = res.clusters;
    expect(cluster.status).toBe('degraded');
    expect(cluster.error).toBe(
      'node metrics: GET /apis/metrics.k8s.io/v1beta1/nodes on cluster prod failed with 403',
    );
    expect(cluster.nodeGroups[0].used).toBeUndefined();
    expect(cluster.nodeGroups[0].requested).toEqual({
      cpu: 2.5,
      memory: 4 * Gi,
    });
  });

  it('answers a cluster whose nodes it may not read as degraded, with the reason', async () => {
    const res = await NodeGroupService.fromSources(
      await sourcesOf([reader(['/api/v1/nodes'])]),
      prices,
    ).nodeGroups();
    expect(res.clusters[0]).toEqual({
      name: 'prod',
      status: 'degraded',
      error:
        'cannot read the nodes: GET /api/v1/nodes on cluster prod failed with 403',
      nodeGroups: [],
    });
  });
});
