import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ArgoCdInstancesService } from '@supply-chain/plugin-argocd-node';
import { ArgoCdSyncRecorder, syncsOf } from './ArgoCdSyncRecorder';
import { openMetricsStores } from './stores';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const app = {
  metadata: {
    name: 'orders',
    namespace: 'argocd',
    labels: { team: 'checkout' },
  },
  status: {
    history: [
      {
        revision: 'aaa',
        deployStartedAt: '2026-03-01T10:00:00Z',
        deployedAt: '2026-03-01T10:00:20Z',
      },
      {
        revision: 'bbb',
        deployStartedAt: '2026-03-01T11:00:00Z',
        deployedAt: '2026-03-01T10:59:58Z',
      },
    ],
    operationState: {
      phase: 'Failed',
      startedAt: '2026-03-01T12:00:00Z',
      finishedAt: '2026-03-01T12:00:05Z',
      syncResult: { revision: 'ccc' },
    },
  },
};

describe('syncsOf', () => {
  it('reads succeeded syncs from the history and a failed last operation', () => {
    expect(syncsOf('prod', app)).toEqual([
      expect.objectContaining({
        revision: 'aaa',
        result: 'Succeeded',
        startedAt: Date.parse('2026-03-01T10:00:00Z'),
        finishedAt: Date.parse('2026-03-01T10:00:20Z'),
      }),
      expect.objectContaining({ revision: 'bbb', result: 'Succeeded' }),
      expect.objectContaining({
        revision: 'ccc',
        result: 'Failed',
        appLabels: { team: 'checkout' },
      }),
    ]);
  });
  it('ignores a running operation and applications without history', () => {
    expect(
      syncsOf('prod', {
        metadata: { name: 'x' },
        status: {
          operationState: {
            phase: 'Running',
            startedAt: '2026-03-01T12:00:00Z',
          },
        },
      }),
    ).toEqual([]);
  });
});

describe('ArgoCdSyncRecorder', () => {
  it('stores each sync once however often it polls, with durations never negative', async () => {
    const knex = await databases.init('SQLITE_3');
    const stores = await openMetricsStores({
      database: { getClient: async () => knex } as DatabaseService,
    });
    let calls = 0;
    const instances: ArgoCdInstancesService = {
      settings: {
        instances: [],
        requestTimeoutMs: 1000,
        metadataConcurrency: 1,
      },
      instanceNames: () => ['prod', 'down'],
      client: name =>
        ({
          request: async () => {
            calls += 1;
            if (name === 'down') throw new Error('unreachable');
            return { items: [app] };
          },
        } as any),
    };
    const logger = mockServices.logger.mock();
    const recorder = ArgoCdSyncRecorder.create({ instances, stores, logger });
    expect(await recorder.poll()).toEqual({ prod: 3 });
    await recorder.poll();
    expect(calls).toBe(4);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Argo CD instance "down": unreachable/),
    );
    const syncs = await stores.syncs.list({
      from: 0,
      to: Date.parse('2027-01-01T00:00:00Z'),
    });
    expect(
      syncs.map(s => [s.revision, s.result, s.durationSeconds, s.clockSkew]),
    ).toEqual([
      ['aaa', 'Succeeded', 20, false],
      ['bbb', 'Succeeded', 0, true],
      ['ccc', 'Failed', 5, false],
    ]);
  });
});
