import {
  analysisRunVerdict,
  describeArgoRollout,
  describeCanaryStep,
} from './argoRollouts';
import {
  blueGreenWaiting,
  canaryAborted,
  canaryHealthy,
  canaryPaused,
  CANARY_HASH,
  failedAnalysisRun,
  FAILED_MESSAGE,
  paymentVirtualService,
  rolloutPod,
  rolloutReplicaSet,
  STABLE_HASH,
} from './__fixtures__/argoRollouts';

function canaryContext(
  rollout = canaryPaused(),
  vs = paymentVirtualService(80, 20),
) {
  const stable = rolloutReplicaSet(rollout, STABLE_HASH, 1, 'v1', 4);
  const canary = rolloutReplicaSet(rollout, CANARY_HASH, 2, 'v2', 1);
  return {
    cluster: 'local',
    replicaSets: [stable, canary],
    pods: [0, 1, 2, 3]
      .map(i => rolloutPod(stable, i))
      .concat(rolloutPod(canary, 0)),
    analysisRuns: [],
    virtualServices: [vs],
  };
}

describe('describeArgoRollout', () => {
  it('a canary paused at the pause step: step 1/4, 20 % to the canary, the reason in words', () => {
    const view = describeArgoRollout(canaryPaused(), canaryContext());
    expect(view).toMatchObject({
      strategy: 'canary',
      phase: 'Paused',
      message: 'CanaryPauseStep',
      step: '1/4',
      weights: { canary: 20, stable: 80 },
      stableRevision: 1,
      stablePodHash: STABLE_HASH,
      currentRevision: 2,
      currentPodHash: CANARY_HASH,
      pausedReasons: ['CanaryPauseStep: paused at step 1/4 until promoted'],
    });
    expect(view.summary).toBe(
      'Paused at step 1/4 with 20% to the canary: CanaryPauseStep: paused at step 1/4 until promoted',
    );
    expect(view.steps).toEqual([
      { index: 0, text: 'setWeight: 20', state: 'done' },
      { index: 1, text: 'pause', state: 'current' },
      { index: 2, text: 'setWeight: 50', state: 'pending' },
      {
        index: 3,
        text: 'analysis: payment-service-success-rate',
        state: 'pending',
      },
    ]);
    expect(view.virtualServiceWeights).toEqual([
      {
        virtualService: 'payment-service',
        route: 'primary',
        subset: 'stable',
        weight: 80,
      },
      {
        virtualService: 'payment-service',
        route: 'primary',
        subset: 'canary',
        weight: 20,
      },
    ]);
    expect(
      view.revisions.map(r => [
        r.revision,
        r.roles,
        r.readyReplicas,
        r.pods.length,
        r.images,
      ]),
    ).toEqual([
      [2, ['canary'], 1, 1, ['your-registry/payment-service:v2.0.0']],
      [1, ['stable'], 4, 4, ['your-registry/payment-service:v1.0.0']],
    ]);
    expect(view.abortedReason).toBeUndefined();
  });

  it('an analysis that failed aborts: Aborted with the controller message, the run and its measurement', () => {
    const rollout = canaryAborted();
    const view = describeArgoRollout(rollout, {
      ...canaryContext(rollout, paymentVirtualService(100, 0)),
      analysisRuns: [failedAnalysisRun()],
    });
    expect(view.phase).toBe('Aborted');
    expect(view.abortedReason).toBe(
      `RolloutAborted: Rollout aborted update to revision 2: ${FAILED_MESSAGE}`,
    );
    expect(view.summary).toBe(`Aborted: ${view.abortedReason}`);
    expect(view.weights).toEqual({ canary: 0, stable: 100 });
    expect(view.virtualServiceWeights?.map(w => w.weight)).toEqual([100, 0]);
    expect(view.step).toBe('0/4');
    expect(view.analysisRuns).toEqual([
      {
        name: 'payment-service-7b9c5d8f4-2-3',
        phase: 'Failed',
        verdict: `Failed: metric "success-rate": 1 of 1 measurements Failed ("0.42") — ${FAILED_MESSAGE}`,
        revision: 2,
        podHash: CANARY_HASH,
        startedAt: '2026-12-03T10:08:50Z',
        metrics: [
          {
            name: 'success-rate',
            phase: 'Failed',
            measurements: [
              {
                phase: 'Failed',
                value: '"0.42"',
                startedAt: '2026-12-03T10:08:50Z',
                finishedAt: '2026-12-03T10:08:50Z',
              },
            ],
          },
        ],
      },
    ]);
  });

  it('an AnalysisRun of another Rollout is not shown', () => {
    const run = failedAnalysisRun();
    run.metadata.ownerReferences![0].uid = 'someone-else';
    const view = describeArgoRollout(canaryAborted(), {
      ...canaryContext(),
      analysisRuns: [run],
    });
    expect(view.analysisRuns).toEqual([]);
  });

  it('a healthy canary: every step done, one stable revision', () => {
    const rollout = canaryHealthy();
    const ctx = canaryContext(rollout, paymentVirtualService(100, 0));
    const view = describeArgoRollout(rollout, {
      ...ctx,
      replicaSets: [ctx.replicaSets[0]],
    });
    expect(view.phase).toBe('Healthy');
    expect(view.summary).toBe('Healthy: revision 1 is stable');
    expect(view.step).toBe('4/4');
    expect(view.steps.every(s => s.state === 'done')).toBe(true);
    expect(view.pausedReasons).toEqual([]);
    expect(view.revisions.map(r => r.roles)).toEqual([['stable']]);
  });

  it('a blue-green with the preview revision waiting: active and preview selectors and revisions', () => {
    const rollout = blueGreenWaiting();
    const old = rolloutReplicaSet(rollout, 'bg-old', 1, 'v1', 2);
    const next = rolloutReplicaSet(rollout, 'bg-new', 2, 'v2', 2);
    const view = describeArgoRollout(rollout, {
      cluster: 'local',
      replicaSets: [old, next],
      pods: [],
      analysisRuns: [],
      virtualServices: [],
    });
    expect(view).toMatchObject({
      strategy: 'blue-green',
      phase: 'Paused',
      blueGreen: {
        activeService: 'notification-service',
        previewService: 'notification-service-preview',
        activeSelector: 'bg-old',
        previewSelector: 'bg-new',
        activeRevision: 1,
        previewRevision: 2,
        autoPromotionEnabled: false,
      },
      pausedReasons: [
        'BlueGreenPause: the preview revision waits to be promoted to active',
      ],
    });
    expect(view.step).toBeUndefined();
    expect(view.weights).toBeUndefined();
    expect(view.virtualServiceWeights).toBeUndefined();
    expect(view.revisions.map(r => [r.revision, r.roles])).toEqual([
      [2, ['preview']],
      [1, ['active']],
    ]);
  });

  it('spec.paused is named as a manual pause', () => {
    const rollout = canaryHealthy();
    rollout.spec.paused = true;
    const view = describeArgoRollout(rollout, canaryContext(rollout));
    expect(view.pausedReasons).toEqual([
      'paused by spec.paused (kubectl argo rollouts pause)',
    ]);
  });
});

describe('describeCanaryStep', () => {
  it('names steps as kubectl argo rollouts get does', () => {
    expect(describeCanaryStep({ pause: { duration: '30s' } })).toBe(
      'pause: 30s',
    );
    expect(describeCanaryStep({ setCanaryScale: { replicas: 2 } })).toBe(
      'setCanaryScale: 2 replicas',
    );
    expect(describeCanaryStep({ experiment: true })).toBe('experiment');
  });
});

describe('analysisRunVerdict', () => {
  it('a successful run with both measurements', () => {
    expect(
      analysisRunVerdict({
        metadata: { name: 'r' },
        status: {
          phase: 'Successful',
          metricResults: [
            {
              name: 'success-rate',
              phase: 'Successful',
              measurements: [
                { phase: 'Successful', value: '"0.99"' },
                { phase: 'Successful', value: '"0.99"' },
              ],
            },
          ],
        },
      }),
    ).toBe(
      'Successful: metric "success-rate": 2 of 2 measurements Successful ("0.99", "0.99")',
    );
  });
  it('a run without status yet is Pending', () => {
    expect(analysisRunVerdict({ metadata: { name: 'r' } })).toBe('Pending');
  });
});
