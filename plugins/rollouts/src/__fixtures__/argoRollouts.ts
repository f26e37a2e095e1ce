import type { ArgoRolloutView } from '@supply-chain/plugin-rollouts-common';

/**
 * Argo Rollouts as GET /entity/.../rollouts answers them (describeArgoRollout
 * of rollouts-common over the controller's status shapes) for the sandbox's
 * payment-service canary and notification-service blue-green.
 */

function stepState(
  index: number,
  current: number,
): ArgoRolloutView['steps'][number]['state'] {
  if (index === current) return 'current';
  return index < current ? 'done' : 'pending';
}

const canarySteps = (current: number): ArgoRolloutView['steps'] =>
  [
    'setWeight: 20',
    'pause',
    'setWeight: 50',
    'analysis: payment-service-success-rate',
  ].map((text, index) => ({
    index,
    text,
    state: stepState(index, current),
  }));

const base = {
  cluster: 'sandbox',
  namespace: 'progressive-delivery',
  labels: { 'backstage.io/kubernetes-id': 'payment-service' },
  desiredReplicas: 4,
};

const revisions = (stableReady: number, canaryReady: number) => [
  {
    revision: 2,
    replicaSet: 'payment-service-7b9c5d8f4',
    podHash: '7b9c5d8f4',
    images: ['your-registry/payment-service:v2.0.0'],
    roles: ['canary' as const],
    replicas: canaryReady,
    readyReplicas: canaryReady,
    pods: [],
  },
  {
    revision: 1,
    replicaSet: 'payment-service-6d4f8b7c9',
    podHash: '6d4f8b7c9',
    images: ['your-registry/payment-service:v1.0.0'],
    roles: ['stable' as const],
    replicas: stableReady,
    readyReplicas: stableReady,
    pods: [],
  },
];

export function canaryPausedView(): ArgoRolloutView {
  return {
    ...base,
    name: 'payment-service',
    strategy: 'canary',
    phase: 'Paused',
    message: 'CanaryPauseStep',
    summary:
      'Paused at step 1/4 with 20% to the canary: CanaryPauseStep: paused at step 1/4 until promoted',
    pausedReasons: ['CanaryPauseStep: paused at step 1/4 until promoted'],
    step: '1/4',
    steps: canarySteps(1),
    weights: { canary: 20, stable: 80 },
    virtualServiceWeights: [
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
    ],
    stableRevision: 1,
    stablePodHash: '6d4f8b7c9',
    currentRevision: 2,
    currentPodHash: '7b9c5d8f4',
    readyReplicas: 5,
    updatedReplicas: 1,
    availableReplicas: 5,
    revisions: revisions(4, 1),
    analysisRuns: [],
  };
}

const FAILED =
  'Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)';

export function canaryAbortedView(): ArgoRolloutView {
  const reason = `RolloutAborted: Rollout aborted update to revision 2: ${FAILED}`;
  return {
    ...canaryPausedView(),
    phase: 'Aborted',
    message: reason,
    summary: `Aborted: ${reason}`,
    abortedReason: reason,
    pausedReasons: [],
    step: '0/4',
    steps: canarySteps(0),
    weights: { canary: 0, stable: 100 },
    virtualServiceWeights: [
      {
        virtualService: 'payment-service',
        route: 'primary',
        subset: 'stable',
        weight: 100,
      },
      {
        virtualService: 'payment-service',
        route: 'primary',
        subset: 'canary',
        weight: 0,
      },
    ],
    readyReplicas: 4,
    updatedReplicas: 0,
    availableReplicas: 4,
    revisions: revisions(4, 0),
    analysisRuns: [
      {
        name: 'payment-service-7b9c5d8f4-2-3',
        phase: 'Failed',
        verdict: `Failed: metric "success-rate": 1 of 1 measurements Failed ("0.42") — ${FAILED}`,
        revision: 2,
        podHash: '7b9c5d8f4',
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
    ],
  };
}

export function canaryHealthyView(): ArgoRolloutView {
  return {
    ...canaryPausedView(),
    phase: 'Healthy',
    summary: 'Healthy: revision 1 is stable',
    pausedReasons: [],
    step: '4/4',
    steps: canarySteps(4),
    weights: { canary: 0, stable: 100 },
    virtualServiceWeights: [
      {
        virtualService: 'payment-service',
        route: 'primary',
        subset: 'stable',
        weight: 100,
      },
      {
        virtualService: 'payment-service',
        route: 'primary',
        subset: 'canary',
        weight: 0,
      },
    ],
    currentRevision: 1,
    currentPodHash: '6d4f8b7c9',
    readyReplicas: 4,
    updatedReplicas: 4,
    availableReplicas: 4,
    revisions: [revisions(4, 0)[1]],
  };
}

export function blueGreenWaitingView(): ArgoRolloutView {
  return {
    ...base,
    labels: { 'backstage.io/kubernetes-id': 'notification-service' },
    name: 'notification-service',
    strategy: 'blue-green',
    phase: 'Paused',
    message: 'BlueGreenPause',
    summary:
      'Paused: BlueGreenPause: the preview revision waits to be promoted to active',
    pausedReasons: [
      'BlueGreenPause: the preview revision waits to be promoted to active',
    ],
    steps: [],
    stableRevision: 1,
    stablePodHash: '5c6d7e8f9',
    currentRevision: 2,
    currentPodHash: '8f7e6d5c4',
    blueGreen: {
      activeService: 'notification-service',
      previewService: 'notification-service-preview',
      activeSelector: '5c6d7e8f9',
      previewSelector: '8f7e6d5c4',
      activeRevision: 1,
      previewRevision: 2,
      autoPromotionEnabled: false,
    },
    desiredReplicas: 2,
    readyReplicas: 4,
    updatedReplicas: 2,
    availableReplicas: 2,
    revisions: [
      {
        revision: 2,
        replicaSet: 'notification-service-8f7e6d5c4',
        podHash: '8f7e6d5c4',
        images: ['your-registry/notification-service:v2.0.0'],
        roles: ['preview'],
        replicas: 2,
        readyReplicas: 2,
        pods: [],
      },
      {
        revision: 1,
        replicaSet: 'notification-service-5c6d7e8f9',
        podHash: '5c6d7e8f9',
        images: ['your-registry/notification-service:v1.0.0'],
        roles: ['active'],
        replicas: 2,
        readyReplicas: 2,
        pods: [],
      },
    ],
    analysisRuns: [],
  };
}
