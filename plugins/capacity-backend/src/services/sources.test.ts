import type { ClusterHealth } from '@supply-chain/plugin-rollouts-common';
import type { RolloutsClusterCacheService } from '@supply-chain/plugin-rollouts-node';
import { CapacityPoller } from './CapacityPoller';
import { SizingClusterReader } from './clusterReaders';
import { cacheStatus, capacitySources } from './sources';

const cacheWith = (health?: ClusterHealth) =>
  ({
    getClusterHealth: () => health,
    waitForSync: async () => {},
  } as unknown as RolloutsClusterCacheService);

const since = '2026-12-03T16:00:00.000Z';

describe('cacheStatus', () => {
  it('names a cluster the watch cache does not hold', () => {
    expect(cacheStatus(cacheWith(undefined), 'prod')).toEqual({
      away: 'cluster prod is not in the rollouts watch cache',
      errors: [],
    });
  });

  it('answers only the reason for a cluster the cache never listed', () => {
    expect(
      cacheStatus(
        cacheWith({
          name: 'prod',
          status: 'unreachable',
          since,
          error: 'cannot reach cluster prod: connection refused',
        }),
        'prod',
      ),
    ).toEqual({
      away: 'cannot reach cluster prod: connection refused',
      errors: [],
    });
  });

  it('labels the last listed objects of a cluster that became unreachable as such', () => {
    expect(
      cacheStatus(
        cacheWith({
          name: 'prod',
          status: 'unreachable',
          since,
          lastSyncTime: since,
          error: 'cannot reach cluster prod: connection refused',
        }),
        'prod',
      ),
    ).toEqual({
      errors: [
        `cannot reach cluster prod: connection refused (the watch cache shows the objects last seen at ${since})`,
      ],
    });
  });

  it('names the kinds capacity reads that are out of sync, not the others', () => {
    expect(
      cacheStatus(
        cacheWith({
          name: 'prod',
          status: 'degraded',
          since,
          resources: [
            { kind: 'Deployment', status: 'synced' },
            {
              kind: 'Pod',
              status: 'degraded',
              error: 'watch idle for 60000 ms',
            },
            { kind: 'VirtualService', status: 'degraded', error: '403' },
          ],
        }),
        'prod',
      ),
    ).toEqual({
      errors: [
        'pods: watch idle for 60000 ms (the watch cache shows the last listed ones)',
      ],
    });
  });
});

describe('capacitySources.ready', () => {
  it('waits for the first poll at most the bounded time, then never again', async () => {
    const hanging: SizingClusterReader = {
      name: 'prod',
      get: () => new Promise(() => {}),
    };
    const poller = new CapacityPoller([hanging], { intervalMs: 60_000 });
    poller.start();
    try {
      const sources = capacitySources(cacheWith(undefined), poller, 50);
      const started = Date.now();
      await sources.ready();
      expect(Date.now() - started).toBeGreaterThanOrEqual(40);
      const again = Date.now();
      await sources.ready();
      expect(Date.now() - again).toBeLessThan(40);
    } finally {
      poller.stop();
    }
  });
});
