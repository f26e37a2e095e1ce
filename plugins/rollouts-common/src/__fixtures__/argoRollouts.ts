/**
 * Argo Rollouts v1.10 objects shaped as the controller writes them for the
 * sandbox's seeded Rollouts (sandbox/manifests/apps/*; the fields
 * sandbox/harness/src/argoRollouts.integration.test.ts reads), slimmed as the
 * watch cache keeps them.
 */
import type { ArgoAnalysisRunObject, ArgoRolloutObject } from '../argoRollouts';
import type {
  PodObject,
  ReplicaSetObject,
  VirtualServiceObject,
} from '../kubernetesObjects';

export const NS = 'progressive-delivery';
export const STABLE_HASH = '6d4f8b7c9';
export const CANARY_HASH = '7b9c5d8f4';
const ROLLOUT_UID = 'uid-payment-service';
const BG_UID = 'uid-notification-service';

const canarySpec: ArgoRolloutObject['spec'] = {
  replicas: 4,
  strategy: {
    canary: {
      steps: [
        { setWeight: 20 },
        { pause: {} },
        { setWeight: 50 },
        { analysis: { templates: ['payment-service-success-rate'] } },
      ],
      trafficRouting: {
        istio: {
          virtualServices: [{ name: 'payment-service', routes: ['primary'] }],
          destinationRule: {
            name: 'payment-service',
            canarySubsetName: 'canary',
            stableSubsetName: 'stable',
          },
        },
      },
    },
  },
};

const meta = (name: string, uid: string) => ({
  name,
  namespace: NS,
  uid,
  generation: 3,
  creationTimestamp: '2026-12-03T10:00:00Z',
  labels: {
    app: name,
    'app.kubernetes.io/name': name,
    'backstage.io/kubernetes-id': name,
  },
});

/** v2 rolled to 20 % and paused at the `pause: {}` step (index 1). */
export function canaryPaused(): ArgoRolloutObject {
  return {
    metadata: meta('payment-service', ROLLOUT_UID),
    spec: canarySpec,
    status: {
      phase: 'Paused',
      message: 'CanaryPauseStep',
      controllerPause: true,
      pauseConditions: [
        { reason: 'CanaryPauseStep', startTime: '2026-12-03T10:05:00Z' },
      ],
      currentStepIndex: 1,
      currentPodHash: CANARY_HASH,
      stableRS: STABLE_HASH,
      observedGeneration: '3',
      replicas: 5,
      updatedReplicas: 1,
      readyReplicas: 5,
      availableReplicas: 5,
      canary: {
        weights: {
          canary: { weight: 20, podTemplateHash: CANARY_HASH },
          stable: { weight: 80, podTemplateHash: STABLE_HASH },
        },
      },
      blueGreen: {},
      conditions: [
        {
          type: 'Paused',
          status: 'True',
          reason: 'RolloutPaused',
          message: 'Rollout is paused',
        },
      ],
    },
  };
}

export const FAILED_MESSAGE =
  'Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)';

/** v3's analysis failed (successRate 0.42): aborted, traffic back on stable. */
export function canaryAborted(): ArgoRolloutObject {
  return {
    metadata: meta('payment-service', ROLLOUT_UID),
    spec: canarySpec,
    status: {
      phase: 'Degraded',
      message: `RolloutAborted: Rollout aborted update to revision 2: ${FAILED_MESSAGE}`,
      abort: true,
      abortedAt: '2026-12-03T10:09:00Z',
      controllerPause: true,
      currentStepIndex: 0,
      currentPodHash: CANARY_HASH,
      stableRS: STABLE_HASH,
      observedGeneration: '3',
      replicas: 4,
      updatedReplicas: 0,
      readyReplicas: 4,
      availableReplicas: 4,
      canary: {
        weights: {
          canary: { weight: 0, podTemplateHash: CANARY_HASH },
          stable: { weight: 100, podTemplateHash: STABLE_HASH },
        },
        currentStepAnalysisRunStatus: {
          name: 'payment-service-7b9c5d8f4-2-3',
          status: 'Failed',
          message: FAILED_MESSAGE,
        },
      },
      blueGreen: {},
    },
  };
}

/** v1 stable, every step done. */
export function canaryHealthy(): ArgoRolloutObject {
  return {
    metadata: meta('payment-service', ROLLOUT_UID),
    spec: canarySpec,
    status: {
      phase: 'Healthy',
      currentStepIndex: 4,
      currentPodHash: STABLE_HASH,
      stableRS: STABLE_HASH,
      observedGeneration: '3',
      replicas: 4,
      updatedReplicas: 4,
      readyReplicas: 4,
      availableReplicas: 4,
      canary: {
        weights: {
          canary: { weight: 0, podTemplateHash: STABLE_HASH },
          stable: { weight: 100, podTemplateHash: STABLE_HASH },
        },
      },
      blueGreen: {},
    },
  };
}

/** v2 running behind the preview Service, waiting to be promoted. */
export function blueGreenWaiting(): ArgoRolloutObject {
  return {
    metadata: meta('notification-service', BG_UID),
    spec: {
      replicas: 2,
      strategy: {
        blueGreen: {
          activeService: 'notification-service',
          previewService: 'notification-service-preview',
          autoPromotionEnabled: false,
        },
      },
    },
    status: {
      phase: 'Paused',
      message: 'BlueGreenPause',
      controllerPause: true,
      pauseConditions: [
        { reason: 'BlueGreenPause', startTime: '2026-12-03T10:05:00Z' },
      ],
      currentPodHash: 'bg-new',
      stableRS: 'bg-old',
      observedGeneration: '3',
      replicas: 4,
      updatedReplicas: 2,
      readyReplicas: 4,
      availableReplicas: 2,
      blueGreen: { activeSelector: 'bg-old', previewSelector: 'bg-new' },
      canary: {},
    },
  };
}

export function rolloutReplicaSet(
  rollout: ArgoRolloutObject,
  hash: string,
  revision: number,
  version: string,
  ready: number,
): ReplicaSetObject {
  return {
    metadata: {
      name: `${rollout.metadata.name}-${hash}`,
      namespace: NS,
      uid: `uid-rs-${hash}`,
      labels: {
        app: rollout.metadata.name,
        'rollouts-pod-template-hash': hash,
      },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: rollout.metadata.name,
          uid: rollout.metadata.uid!,
          controller: true,
        },
      ],
    },
    spec: {
      replicas: ready,
      template: {
        metadata: { labels: { 'rollouts-pod-template-hash': hash } },
        spec: {
          containers: [
            {
              name: rollout.metadata.name,
              image: `your-registry/${rollout.metadata.name}:${version}.0.0`,
            },
          ],
        },
      },
    },
    status: { replicas: ready, readyReplicas: ready, availableReplicas: ready },
  };
}

export function rolloutPod(rs: ReplicaSetObject, i: number): PodObject {
  return {
    metadata: {
      name: `${rs.metadata.name}-${i}`,
      namespace: NS,
      labels: rs.metadata.labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name,
          uid: rs.metadata.uid!,
          controller: true,
        },
      ],
    },
    spec: { containers: [] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 0,
          state: { running: {} },
        } as any,
      ],
    },
  } as PodObject;
}

/** The route weights the controller writes into VirtualService payment-service. */
export function paymentVirtualService(
  stable: number,
  canary: number,
): VirtualServiceObject {
  return {
    metadata: { name: 'payment-service', namespace: NS },
    spec: {
      hosts: ['payment-service'],
      http: [
        {
          name: 'primary',
          route: [
            {
              destination: { host: 'payment-service', subset: 'stable' },
              weight: stable,
            },
            {
              destination: { host: 'payment-service', subset: 'canary' },
              weight: canary,
            },
          ],
        },
      ],
    },
  };
}

/** The AnalysisRun of step 3 with the metric flipped to 0.42 (failureLimit 0). */
export function failedAnalysisRun(): ArgoAnalysisRunObject {
  return {
    metadata: {
      name: 'payment-service-7b9c5d8f4-2-3',
      namespace: NS,
      uid: 'uid-ar',
      labels: {
        'rollout-type': 'Step',
        'rollouts-pod-template-hash': CANARY_HASH,
        'step-index': '3',
      },
      annotations: { 'rollout.argoproj.io/revision': '2' },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: 'payment-service',
          uid: ROLLOUT_UID,
          controller: true,
        },
      ],
    },
    status: {
      phase: 'Failed',
      message: FAILED_MESSAGE,
      startedAt: '2026-12-03T10:08:50Z',
      metricResults: [
        {
          name: 'success-rate',
          phase: 'Failed',
          count: 1,
          failed: 1,
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
  };
}
