import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parseCapacityPrices } from '@supply-chain/plugin-capacity-common';
import { CapacityPoller, NOT_READ_YET } from './CapacityPoller';
import { SizingClusterReader } from './clusterReaders';
import { EntitySizingService } from './EntitySizingService';
import { NodeGroupService } from './NodeGroupService';
import { cacheOf } from './__fixtures__/sources';
import { capacitySources } from './sources';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'web' },
  },
  spec: { owner: 'team-a' },
};

const objects: Record<string, unknown> = {
  '/api/v1/nodes': {
    items: [
      {
        metadata: {
          name: 'general-1',
          labels: { 'eks.amazonaws.com/nodegroup': 'general' },
        },
        status: { allocatable: { cpu: '2', memory: '8Gi' } },
      },
    ],
  },
  '/apis/metrics.k8s.io/v1beta1/nodes': {
    items: [{ metadata: { name: 'general-1' }, usage: { cpu: '1' } }],
  },
  '/apis/apps/v1/deployments': {
    items: [
      {
        metadata: {
          name: 'web',
          namespace: 'shop',
          labels: { 'backstage.io/kubernetes-id': 'web' },
        },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            spec: {
              containers: [
                {
                  name: 'app',
                  resources: { requests: { cpu: '1', memory: '1Gi' } },
                },
              ],
            },
          },
        },
      },
    ],
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
              resources: { requests: { cpu: '1', memory: '1Gi' } },
            },
          ],
        },
        status: { phase: 'Running' },
      },
    ],
  },
  '/apis/autoscaling/v2/horizontalpodautoscalers': { items: [] },
  '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers': { items: [] },
  '/apis/metrics.k8s.io/v1beta1/pods': {
    items: [
      {
        metadata: { name: 'web-a', namespace: 'shop' },
        containers: [{ name: 'app', usage: { cpu: '500m', memory: '512Mi' } }],
      },
    ],
  },
};

/** A cluster whose reads can be made to fail, or to hang until released. */
function cluster() {
  const calls: string[] = [];
  const state = {
    failing: new Set<string>(),
    hang: false,
    release: () => {},
  };
  const reader: SizingClusterReader = {
    name: 'prod',
    get: async <T>(path: string) => {
      calls.push(path);
      if (state.hang) {
        await new Promise<void>(r => {
          const previous = state.release;
          state.release = () => {
            previous();
            r();
          };
        });
      }
      if (state.failing.has(path)) {
        throw new Error(`cannot reach cluster prod: no answer within 15000 ms`);
      }
      return objects[path] as T;
    },
  };
  return { reader, calls, state };
}

const prices = parseCapacityPrices([{ nodeGroup: 'general', hourlyPrice: 1 }]);

describe('CapacityPoller', () => {
  it('answers "not read yet" before its first poll, then the read data', async () => {
    const { reader } = cluster();
    const poller = new CapacityPoller([reader], { intervalMs: 30_000 });
    expect(poller.get('prod')?.nodes).toEqual({ error: NOT_READ_YET });
    await poller.pollAll();
    const polled = poller.get('prod')!;
    expect(polled.nodes.error).toBeUndefined();
    expect(polled.nodes.items?.map(n => n.name)).toEqual(['general-1']);
    expect(polled.podMetrics.items?.map(m => m.metadata.name)).toEqual([
      'web-a',
    ]);
    expect(polled.nodeUsage.items?.get('general-1')).toEqual({ cpu: 1 });
  });

  it('keeps the last good data when a poll fails, and the answers label that cluster stale in words', async () => {
    const { reader, state } = cluster();
    const cache = await cacheOf([reader]);
    const poller = new CapacityPoller([reader], { intervalMs: 30_000 });
    await poller.pollAll();
    const readAt = poller.get('prod')!.podMetrics.readAt!;
    state.failing = new Set([
      '/apis/metrics.k8s.io/v1beta1/pods',
      '/api/v1/nodes',
    ]);
    await poller.pollAll();
    const polled = poller.get('prod')!;
    expect(polled.podMetrics).toMatchObject({
      readAt,
      error: 'cannot reach cluster prod: no answer within 15000 ms',
    });
    expect(polled.podMetrics.items).toHaveLength(1);

    const sources = capacitySources(cache, poller);
    const services = await EntitySizingService.fromSources(
      sources,
      catalogServiceMock({ entities: [entity] }),
      prices,
    ).servicesCapacity(mockCredentials.user());
    expect(services.clusters).toEqual([
      {
        name: 'prod',
        status: 'degraded',
        error: [
          `pod metrics: cannot reach cluster prod: no answer within 15000 ms (stale: showing the last good read of ${readAt})`,
          `cannot read the nodes: cannot reach cluster prod: no answer within 15000 ms (stale: showing the last good read of ${polled.nodes.readAt})`,
        ].join('; '),
      },
    ]);
    // still costed and measured from the last good reads
    const [web] = services.services;
    expect(web.monthlyFromRequests).toBeCloseTo(0.5 * 730, 10);
    expect(web.monthlyFromUsage).toBeCloseTo(0.25 * 730, 10);

    const sizing = await EntitySizingService.fromSources(
      sources,
      catalogServiceMock({ entities: [entity] }),
      prices,
    ).sizingFor(
      { kind: 'component', namespace: 'default', name: 'web' },
      mockCredentials.user(),
    );
    expect(sizing.clusters[0].status).toBe('degraded');
    expect(sizing.clusters[0].error).toContain(
      `pod metrics: cannot reach cluster prod: no answer within 15000 ms (stale: showing the last good read of ${readAt})`,
    );
    expect(sizing.clusters[0].deployments[0].containers[0].usage).toEqual({
      cpu: 0.5,
      memory: 512 * 1024 ** 2,
    });

    const groups = await NodeGroupService.fromSources(
      sources,
      prices,
    ).nodeGroups();
    expect(groups.clusters[0].status).toBe('degraded');
    expect(groups.clusters[0].error).toMatch(/^cannot read the nodes: .*stale/);
    expect(groups.clusters[0].nodeGroups.map(g => g.nodeGroup)).toEqual([
      'general',
    ]);

    // the next good poll clears the label
    state.failing.clear();
    await poller.pollAll();
    const again = await EntitySizingService.fromSources(
      sources,
      catalogServiceMock({ entities: [entity] }),
      prices,
    ).servicesCapacity(mockCredentials.user());
    expect(again.clusters).toEqual([{ name: 'prod', status: 'ok' }]);
  });

  it('says a kind is unavailable when no read of it ever succeeded', async () => {
    const { reader, state } = cluster();
    state.failing = new Set([
      '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers',
    ]);
    const cache = await cacheOf([reader]);
    const poller = new CapacityPoller([reader], { intervalMs: 30_000 });
    await poller.pollAll();
    const services = await EntitySizingService.fromSources(
      capacitySources(cache, poller),
      catalogServiceMock({ entities: [entity] }),
      prices,
    ).servicesCapacity(mockCredentials.user());
    expect(services.clusters[0]).toEqual({
      name: 'prod',
      status: 'degraded',
      error: 'VPAs: cannot reach cluster prod: no answer within 15000 ms',
    });
  });

  it('keeps one poll in flight per cluster, and answers requests meanwhile without calling the cluster', async () => {
    const { reader, calls, state } = cluster();
    const cache = await cacheOf([reader]);
    const poller = new CapacityPoller([reader], { intervalMs: 30_000 });
    await poller.pollAll();
    calls.length = 0;
    state.hang = true;
    const first = poller.pollAll();
    const second = poller.pollAll();
    // four kinds polled once, not twice
    expect(calls).toHaveLength(4);
    const sources = capacitySources(cache, poller);
    const res = await EntitySizingService.fromSources(
      sources,
      catalogServiceMock({ entities: [entity] }),
      prices,
    ).servicesCapacity(mockCredentials.user());
    expect(res.clusters).toEqual([{ name: 'prod', status: 'ok' }]);
    expect(res.services[0].deployments).toEqual(['prod/shop/web']);
    await NodeGroupService.fromSources(sources, prices).nodeGroups();
    expect(calls).toHaveLength(4);
    state.release();
    await Promise.all([first, second]);
  });

  it('polls again every interval until stopped', async () => {
    jest.useFakeTimers();
    try {
      const { reader, calls } = cluster();
      const poller = new CapacityPoller([reader], { intervalMs: 30_000 });
      poller.start();
      await poller.firstPollSettled();
      expect(calls).toHaveLength(4);
      await jest.advanceTimersByTimeAsync(30_000);
      expect(calls).toHaveLength(8);
      poller.stop();
      await jest.advanceTimersByTimeAsync(90_000);
      expect(calls).toHaveLength(8);
    } finally {
      jest.useRealTimers();
    }
  });
});
