import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { computeDeploymentMetrics } from '@supply-chain/plugin-deployment-metrics-common';
import { Knex } from 'knex';
import {
  FakeClusterCache,
  FakeDeployment,
} from '../__fixtures__/fakeClusterCache';
import { RolloutRecorder } from './RolloutRecorder';
import { openMetricsStores, pruneEvents } from './stores';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function asDatabaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex };
}

describe('RolloutRecorder', () => {
  let knex: Knex;
  let clock: number;
  const now = () => clock;
  const logger = mockServices.logger.mock();

  async function recorder(cache: FakeClusterCache) {
    const stores = await openMetricsStores({
      database: asDatabaseService(knex),
    });
    const r = RolloutRecorder.create({
      cache: cache.service,
      stores,
      logger,
      now,
    });
    await r.start();
    return { recorder: r, stores };
  }

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    clock = Date.parse('2026-03-01T00:00:00Z');
  });

  it('does not record rollouts that happened before recording began', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    d.rollTo('orders:1', '2026-02-01T00:00:00Z');
    d.complete('2026-02-01T00:01:00Z');
    const { stores } = await recorder(cache);
    expect(await stores.rollouts.list({ from: 0 })).toEqual([]);
  });

  it('records a rollout that started in the second recording began (the cluster’s times have whole seconds)', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    d.rollTo('orders:1', '2026-02-01T00:00:00Z');
    d.complete('2026-02-01T00:01:00Z');
    clock = Date.parse('2026-03-01T10:00:00.400Z');
    const { recorder: r, stores } = await recorder(cache);
    d.rollTo('orders:2', '2026-03-01T09:59:59Z'); // a second before: not recorded
    d.complete('2026-03-01T09:59:59Z');
    d.rollTo('orders:3', '2026-03-01T10:00:00Z');
    d.complete('2026-03-01T10:00:02Z');
    await r.idle();
    const rows = await stores.rollouts.list({ from: 0 });
    expect(rows.map(x => [x.toRevision, x.outcome, x.durationSeconds])).toEqual(
      [[3, 'completed', 2]],
    );
  });

  it('records a rolling update from start to completion with cluster times and the capacity it dropped', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    d.rollTo('orders:1', '2026-02-01T00:00:00Z');
    d.complete('2026-02-01T00:01:00Z');
    const { recorder: r, stores } = await recorder(cache);

    d.rollTo('orders:2', '2026-03-01T10:00:00Z');
    d.progress(1, 2, '2026-03-01T10:00:20Z');
    d.progress(2, 3, '2026-03-01T10:00:40Z');
    d.complete('2026-03-01T10:01:30Z');
    await r.idle();

    const [rollout] = await stores.rollouts.list({ from: 0 });
    expect(rollout).toMatchObject({
      cluster: 'prod',
      namespace: 'shop',
      deployment: 'orders',
      fromRevision: 1,
      toRevision: 2,
      version: 'orders:2',
      images: ['orders:2'],
      startedAt: '2026-03-01T10:00:00.000Z',
      finishedAt: '2026-03-01T10:01:30.000Z',
      outcome: 'completed',
      durationSeconds: 90,
      clockSkew: false,
      rollback: false,
      desiredReplicas: 3,
      minAvailableReplicas: 2,
    });
  });

  it.each([
    ['an HPA scale-up (2 -> 4)', 2, 4],
    ['a scale-down (4 -> 2)', 4, 2],
  ])(
    'does not count %s during a rollout as a capacity drop',
    async (_name, from, to) => {
      const cache = new FakeClusterCache();
      const d = new FakeDeployment(cache, 'orders', { replicas: from });
      d.rollTo('orders:1', '2026-02-01T00:00:00Z');
      d.complete('2026-02-01T00:01:00Z');
      const { recorder: r, stores } = await recorder(cache);

      d.rollTo('orders:2', '2026-03-01T10:00:00Z');
      d.scale(to);
      d.progress(1, Math.min(from, to), '2026-03-01T10:00:20Z');
      d.complete('2026-03-01T10:01:00Z');
      await r.idle();

      const rows = await stores.rollouts.list({ from: 0 });
      expect(rows[0]).toMatchObject({
        desiredReplicas: Math.min(from, to),
        minAvailableReplicas: Math.min(from, to),
      });
      expect(
        computeDeploymentMetrics(
          { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' },
          rows,
        ).capacityDrops,
      ).toBe(0);
    },
  );

  it('marks a stall, a rollback and the rolled-back rollout, and measures time to recover', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    const { recorder: r, stores } = await recorder(cache);
    d.rollTo('orders:1', '2026-03-01T09:00:00Z');
    d.complete('2026-03-01T09:00:30Z');
    d.rollTo('orders:broken', '2026-03-01T10:00:00Z');
    d.progress(1, 3, '2026-03-01T10:00:10Z');
    d.stall('2026-03-01T10:10:00Z');
    await r.idle();
    clock = Date.parse('2026-03-01T10:12:00Z');
    d.rollTo('orders:1', '2026-03-01T10:12:00Z'); // kubectl rollout undo
    d.complete('2026-03-01T10:12:45Z');
    await r.idle();

    const rows = await stores.rollouts.list({ from: 0 });
    expect(rows.map(x => [x.toRevision, x.outcome, x.rollback])).toEqual([
      [1, 'completed', false],
      [2, 'rolled-back', false],
      [3, 'completed', true],
    ]);
    expect(rows[1]).toMatchObject({
      stalledAt: '2026-03-01T10:10:00.000Z',
      finishedAt: '2026-03-01T10:12:00.000Z',
    });
    expect(rows[2]).toMatchObject({
      startedAt: '2026-03-01T10:12:00.000Z',
      durationSeconds: 45,
    });
    const m = computeDeploymentMetrics(
      { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' },
      rows,
    );
    expect(m).toMatchObject({
      deployments: 2,
      rollbacks: 1,
      failures: 1,
      firstTimeSuccessRate: 0.5,
      medianTimeToRecoverSeconds: 165, // stall 10:10:00 -> rollback done 10:12:45
    });
  });

  it('records each rollout once when two replicas observe the same cluster', async () => {
    const cacheA = new FakeClusterCache();
    const cacheB = new FakeClusterCache();
    const a = new FakeDeployment(cacheA, 'orders');
    const b = new FakeDeployment(cacheB, 'orders');
    const first = await recorder(cacheA);
    const second = await recorder(cacheB);
    for (const d of [a, b]) {
      d.rollTo('orders:1', '2026-03-01T09:00:00Z');
    }
    for (const d of [b, a]) {
      d.complete('2026-03-01T09:00:30Z');
      d.rollTo('orders:2', '2026-03-01T10:00:00Z');
    }
    for (const d of [a, b]) d.complete('2026-03-01T10:00:50Z');
    await Promise.all([first.recorder.idle(), second.recorder.idle()]);
    const rows = await first.stores.rollouts.list({ from: 0 });
    expect(rows.map(x => [x.toRevision, x.outcome, x.durationSeconds])).toEqual(
      [
        [1, 'completed', 30],
        [2, 'completed', 50],
      ],
    );
  });

  it('reconciles a rollout that finished while the backend was stopped: once, with its real duration', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    const before = await recorder(cache);
    d.rollTo('orders:1', '2026-03-01T09:00:00Z');
    d.complete('2026-03-01T09:00:30Z');
    d.rollTo('orders:2', '2026-03-01T10:00:00Z');
    d.progress(1, 2, '2026-03-01T10:00:10Z');
    await before.recorder.idle();
    before.recorder.stop();

    d.progress(3, 3, '2026-03-01T10:00:40Z');
    d.complete('2026-03-01T10:01:00Z');
    clock = Date.parse('2026-03-01T11:00:00Z');

    const after = await recorder(cache);
    await after.recorder.reconcile(); // a second pass changes nothing
    const rows = await after.stores.rollouts.list({ from: 0 });
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      toRevision: 2,
      outcome: 'completed',
      startedAt: '2026-03-01T10:00:00.000Z',
      finishedAt: '2026-03-01T10:01:00.000Z',
      durationSeconds: 60,
      minAvailableReplicas: 2,
    });
  });

  it('records a rollout that started and finished while the backend was stopped', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    const before = await recorder(cache);
    d.rollTo('orders:1', '2026-03-01T09:00:00Z');
    d.complete('2026-03-01T09:00:30Z');
    await before.recorder.idle();
    before.recorder.stop();
    d.rollTo('orders:2', '2026-03-01T10:00:00Z');
    d.complete('2026-03-01T10:02:00Z');
    const after = await recorder(cache);
    const rows = await after.stores.rollouts.list({ from: 0 });
    expect(rows[1]).toMatchObject({
      toRevision: 2,
      durationSeconds: 120,
      outcome: 'completed',
    });
  });

  it('never stores a negative duration when the clocks disagree', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    const { recorder: r, stores } = await recorder(cache);
    d.rollTo('orders:1', '2026-03-01T10:00:00Z');
    d.complete('2026-03-01T09:59:58Z');
    await r.idle();
    const [row] = await stores.rollouts.list({ from: 0 });
    expect(row).toMatchObject({
      durationSeconds: 0,
      clockSkew: true,
      outcome: 'completed',
    });
  });

  it('takes a rollback’s start from the controller’s status, also when it first sees the reused ReplicaSet before that status', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    const { recorder: r, stores } = await recorder(cache);
    d.rollTo('orders:1', '2026-03-01T09:00:00Z');
    d.complete('2026-03-01T09:00:30Z');
    d.rollTo('orders:broken', '2026-03-01T10:00:00Z');
    d.stall('2026-03-01T10:10:00Z');
    await r.idle();
    // kubectl rollout undo: the controller annotates the reused ReplicaSet
    // and the Deployment a moment before it writes the status; the portal's
    // clock is already past the second the controller will report
    clock = Date.parse('2026-03-01T10:12:00.600Z');
    d.rollTo('orders:1', '2026-03-01T10:12:00Z', { statusLag: true });
    await r.idle();
    d.rolloutStatus('2026-03-01T10:12:00Z');
    d.complete('2026-03-01T10:12:00Z');
    await r.idle();
    const rows = await stores.rollouts.list({ from: 0 });
    expect(rows.map(x => [x.toRevision, x.outcome, x.rollback])).toEqual([
      [1, 'completed', false],
      [2, 'rolled-back', false],
      [3, 'completed', true],
    ]);
    expect(rows[2]).toMatchObject({
      startedAt: '2026-03-01T10:12:00.000Z',
      durationSeconds: 0,
      clockSkew: false,
    });
    expect(rows[1].finishedAt).toBe('2026-03-01T10:12:00.000Z');
  });

  it('marks an unfinished rollout superseded when a newer one starts', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    const { recorder: r, stores } = await recorder(cache);
    d.rollTo('orders:1', '2026-03-01T09:00:00Z');
    d.complete('2026-03-01T09:00:30Z');
    d.rollTo('orders:2', '2026-03-01T10:00:00Z');
    d.rollTo('orders:3', '2026-03-01T10:00:05Z');
    d.complete('2026-03-01T10:01:00Z');
    await r.idle();
    const rows = await stores.rollouts.list({ from: 0 });
    expect(rows.map(x => x.outcome)).toEqual([
      'completed',
      'superseded',
      'completed',
    ]);
  });

  it('prunes events older than a time', async () => {
    const cache = new FakeClusterCache();
    const d = new FakeDeployment(cache, 'orders');
    const { recorder: r, stores } = await recorder(cache);
    d.rollTo('orders:1', '2026-03-01T09:00:00Z');
    d.complete('2026-03-01T09:00:30Z');
    d.rollTo('orders:2', '2026-03-02T09:00:00Z');
    await r.idle();
    expect(
      await pruneEvents(stores, Date.parse('2026-03-02T00:00:00Z')),
    ).toEqual({
      rollouts: 1,
      syncs: 0,
    });
    expect(
      (await stores.rollouts.list({ from: 0 })).map(x => x.toRevision),
    ).toEqual([2]);
  });
});
