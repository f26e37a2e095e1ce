import {
  clampedDuration,
  computeDeploymentMetrics,
  droppedCapacity,
  filterRollouts,
  timesToRecover,
} from './metrics';
import { RolloutEvent, SyncEvent } from './types';

let revision = 0;
function rollout(overrides: Partial<RolloutEvent> = {}): RolloutEvent {
  revision += 1;
  const startedAt = overrides.startedAt ?? '2026-03-02T10:00:00.000Z';
  return {
    cluster: 'prod',
    namespace: 'shop',
    deployment: 'orders',
    deploymentUid: 'uid-orders',
    fromRevision: revision - 1,
    toRevision: revision,
    images: ['orders:1'],
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 60_000).toISOString(),
    outcome: 'completed',
    durationSeconds: 60,
    clockSkew: false,
    rollback: false,
    desiredReplicas: 3,
    minAvailableReplicas: 3,
    ...overrides,
  };
}
const march = {
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-08T00:00:00.000Z',
};

describe('clampedDuration', () => {
  it('measures seconds between two times', () => {
    expect(
      clampedDuration('2026-03-01T00:00:00Z', '2026-03-01T00:01:30Z'),
    ).toEqual({ seconds: 90, clockSkew: false });
  });
  it('never returns a negative duration when the clocks disagree', () => {
    expect(
      clampedDuration('2026-03-01T00:01:00Z', '2026-03-01T00:00:55Z'),
    ).toEqual({ seconds: 0, clockSkew: true });
  });
  it('is undefined without both ends or with garbage', () => {
    expect(clampedDuration('2026-03-01T00:00:00Z', undefined)).toBeUndefined();
    expect(clampedDuration(undefined, '2026-03-01T00:00:00Z')).toBeUndefined();
    expect(
      clampedDuration('yesterday', '2026-03-01T00:00:00Z'),
    ).toBeUndefined();
  });
});

describe('droppedCapacity', () => {
  it('is true only when available fell below desired', () => {
    expect(droppedCapacity(rollout({ minAvailableReplicas: 2 }))).toBe(true);
    expect(droppedCapacity(rollout({ minAvailableReplicas: 3 }))).toBe(false);
    expect(
      droppedCapacity(rollout({ desiredReplicas: 0, minAvailableReplicas: 0 })),
    ).toBe(false);
  });
});

describe('timesToRecover', () => {
  it('measures a stall until the next completed rollout of the same Deployment', () => {
    const stalled = rollout({
      startedAt: '2026-03-02T10:00:00Z',
      stalledAt: '2026-03-02T10:10:00Z',
      outcome: 'rolled-back',
      finishedAt: '2026-03-02T10:12:00Z',
    });
    const undo = rollout({
      rollback: true,
      startedAt: '2026-03-02T10:12:00Z',
      finishedAt: '2026-03-02T10:15:00Z',
    });
    const other = rollout({
      deploymentUid: 'uid-other',
      deployment: 'other',
      startedAt: '2026-03-02T10:11:00Z',
      finishedAt: '2026-03-02T10:11:30Z',
    });
    expect(timesToRecover([stalled, other, undo])).toEqual([
      { rollout: stalled, seconds: 300 },
    ]);
  });

  it('counts a stalled rollout that later completed by its own completion', () => {
    const r = rollout({
      stalledAt: '2026-03-02T10:10:00Z',
      finishedAt: '2026-03-02T10:30:00Z',
      outcome: 'completed',
    });
    expect(timesToRecover([r])[0].seconds).toBe(1200);
  });

  it('measures a rollback without a stall from the start of the bad rollout', () => {
    const bad = rollout({
      startedAt: '2026-03-02T10:00:00Z',
      finishedAt: '2026-03-02T10:01:00Z',
      outcome: 'rolled-back',
    });
    const undo = rollout({
      rollback: true,
      startedAt: '2026-03-02T10:05:00Z',
      finishedAt: '2026-03-02T10:06:00Z',
    });
    expect(timesToRecover([bad, undo])[0].seconds).toBe(360);
  });

  it('leaves a failure without a later completed rollout unrecovered', () => {
    const r = rollout({
      outcome: 'stalled',
      stalledAt: '2026-03-02T10:10:00Z',
      finishedAt: '2026-03-02T10:10:00Z',
    });
    const next = rollout({ outcome: 'in-progress', finishedAt: undefined });
    expect(timesToRecover([r, next])).toEqual([
      { rollout: r, seconds: undefined },
    ]);
  });

  it('looks for the recovery in the later history, outside the window', () => {
    const r = rollout({
      outcome: 'stalled',
      stalledAt: '2026-03-07T23:50:00Z',
      startedAt: '2026-03-07T23:40:00Z',
    });
    const fix = rollout({
      startedAt: '2026-03-08T00:10:00Z',
      finishedAt: '2026-03-08T00:20:00Z',
    });
    expect(timesToRecover([r], [r, fix])[0].seconds).toBe(1800);
  });
});

describe('computeDeploymentMetrics', () => {
  it('computes every number over the rollouts that started in the window', () => {
    const rollouts = [
      rollout({ startedAt: '2026-03-01T09:00:00Z', durationSeconds: 30 }),
      rollout({
        startedAt: '2026-03-01T12:00:00Z',
        durationSeconds: 60,
        minAvailableReplicas: 2,
      }),
      rollout({
        startedAt: '2026-03-02T09:00:00Z',
        outcome: 'rolled-back',
        stalledAt: '2026-03-02T09:10:00Z',
        finishedAt: '2026-03-02T09:11:00Z',
        durationSeconds: 660,
      }),
      rollout({
        startedAt: '2026-03-02T09:11:00Z',
        finishedAt: '2026-03-02T09:12:00Z',
        rollback: true,
        durationSeconds: 60,
      }),
      rollout({ startedAt: '2026-03-03T09:00:00Z', durationSeconds: 120 }),
      rollout({
        startedAt: '2026-03-06T09:00:00Z',
        outcome: 'in-progress',
        finishedAt: undefined,
        durationSeconds: undefined,
      }),
      // outside the window
      rollout({ startedAt: '2026-02-28T09:00:00Z', durationSeconds: 999 }),
      rollout({ startedAt: '2026-03-08T00:00:00Z', durationSeconds: 999 }),
    ];
    const syncs: SyncEvent[] = [
      {
        instance: 'a',
        appNamespace: 'argocd',
        application: 'orders',
        revision: 'abc',
        result: 'Succeeded',
        startedAt: '2026-03-01T09:00:00Z',
        clockSkew: false,
      },
      {
        instance: 'a',
        appNamespace: 'argocd',
        application: 'orders',
        revision: 'def',
        result: 'Failed',
        startedAt: '2026-03-02T09:00:00Z',
        clockSkew: false,
      },
      {
        instance: 'a',
        appNamespace: 'argocd',
        application: 'orders',
        revision: 'old',
        result: 'Failed',
        startedAt: '2026-02-02T09:00:00Z',
        clockSkew: false,
      },
    ];
    const m = computeDeploymentMetrics(march, rollouts, syncs);
    expect(m.deployments).toBe(5); // the rollback is not a deployment
    expect(m.deploymentsPerDay).toBeCloseTo(5 / 7);
    expect(m.deploymentsPerWeek).toBeCloseTo(5);
    // completed: 30, 60, 60 (rollback), 120
    expect(m.medianDurationSeconds).toBe(60);
    expect(m.p90DurationSeconds).toBe(120);
    // finished non-rollbacks: 4, one failed
    expect(m.firstTimeSuccessRate).toBe(0.75);
    expect(m.failures).toBe(1);
    expect(m.medianTimeToRecoverSeconds).toBe(120); // stall 09:10 -> rollback done 09:12
    expect(m.unrecovered).toBe(0);
    expect(m.rollbacks).toBe(1);
    expect(m.capacityDrops).toBe(1);
    expect(m.syncs).toBe(2);
    expect(m.failedSyncs).toBe(1);
    expect(m.bucket).toBe('day');
    expect(m.series).toHaveLength(7);
    expect(m.series[0]).toMatchObject({
      start: '2026-03-01T00:00:00.000Z',
      deployments: 2,
      capacityDrops: 1,
      medianDurationSeconds: 30,
    });
    expect(m.series[1]).toMatchObject({
      deployments: 1,
      rollbacks: 1,
      failures: 1,
      firstTimeSuccessRate: 0,
    });
    expect(m.series[3]).toMatchObject({
      deployments: 0,
      firstTimeSuccessRate: undefined,
      medianDurationSeconds: undefined,
    });
  });

  it('buckets per week for windows longer than 31 days', () => {
    const m = computeDeploymentMetrics(
      { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      [rollout({ startedAt: '2026-01-09T00:00:00Z' })],
    );
    expect(m.bucket).toBe('week');
    expect(m.series).toHaveLength(9);
    expect(m.series[1].deployments).toBe(1);
  });

  it('gives undefined, not zero, for rates without finished rollouts', () => {
    const m = computeDeploymentMetrics(march, [
      rollout({
        outcome: 'in-progress',
        finishedAt: undefined,
        durationSeconds: undefined,
      }),
    ]);
    expect(m.deployments).toBe(1);
    expect(m.firstTimeSuccessRate).toBeUndefined();
    expect(m.medianDurationSeconds).toBeUndefined();
    expect(m.medianTimeToRecoverSeconds).toBeUndefined();
  });

  it('counts rollouts whose duration was clamped for clock skew', () => {
    const m = computeDeploymentMetrics(march, [
      rollout({ durationSeconds: 0, clockSkew: true }),
    ]);
    expect(m.clockSkewed).toBe(1);
    expect(m.medianDurationSeconds).toBe(0);
  });

  it('counts a superseded rollout without a stall as a first-time success', () => {
    const m = computeDeploymentMetrics(march, [
      rollout({ outcome: 'superseded', durationSeconds: undefined }),
      rollout({ outcome: 'stalled', stalledAt: '2026-03-02T10:10:00Z' }),
    ]);
    expect(m.firstTimeSuccessRate).toBe(0.5);
    expect(m.unrecovered).toBe(1);
  });
});

describe('filterRollouts', () => {
  const list = [
    rollout(),
    rollout({ rollback: true }),
    rollout({ minAvailableReplicas: 1 }),
    rollout({ outcome: 'stalled', stalledAt: '2026-03-02T10:10:00Z' }),
    rollout({ outcome: 'rolled-back' }),
  ];
  it.each([
    ['all', 5],
    ['failed', 2],
    ['rollback', 1],
    ['capacity-drop', 1],
    ['completed', 3],
    ['stalled', 1],
    ['rolled-back', 1],
    ['in-progress', 0],
  ] as const)('%s gives %i rollouts', (filter, n) => {
    expect(filterRollouts(list, filter)).toHaveLength(n);
  });
});
