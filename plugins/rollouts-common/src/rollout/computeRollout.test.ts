import { DeploymentObject } from '../kubernetesObjects';
import { RolloutPhase } from '../types';
import {
  container,
  deployment,
  hpa,
  pod,
  replicaSet,
} from '../__fixtures__/objects';
import { computeRollout } from './computeRollout';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const progressingTrue = {
  type: 'Progressing',
  status: 'True',
  reason: 'ReplicaSetUpdated',
};
const deadline = {
  type: 'Progressing',
  status: 'False',
  reason: 'ProgressDeadlineExceeded',
  message: 'ReplicaSet "inventory-service-hash2" has timed out progressing.',
};
const crashing = container({
  ready: false,
  restartCount: 5,
  state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
  lastState: { terminated: { reason: 'Error', exitCode: 1 } },
});

describe('computeRollout phase (kubectl rollout status semantics)', () => {
  const cases: Array<{
    title: string;
    deployment: DeploymentObject;
    pods?: ReturnType<typeof pod>[];
    phase: RolloutPhase;
    message: string | RegExp;
  }> = [
    {
      title: 'rolled out: all replicas updated and available',
      deployment: deployment(),
      phase: 'complete',
      message: 'deployment "inventory-service" successfully rolled out',
    },
    {
      title: 'spec change not yet observed by the controller',
      deployment: deployment({ generation: 3 }),
      phase: 'progressing',
      message: 'Waiting for deployment spec update to be observed...',
    },
    {
      title: 'new replicas still being created',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 1,
          readyReplicas: 3,
          availableReplicas: 3,
          conditions: [progressingTrue],
        },
      }),
      phase: 'progressing',
      message:
        'Waiting for deployment "inventory-service" rollout to finish: 1 out of 3 new replicas have been updated...',
    },
    {
      title: 'old replicas pending termination',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 3,
          readyReplicas: 4,
          availableReplicas: 4,
          conditions: [progressingTrue],
        },
      }),
      phase: 'progressing',
      message:
        'Waiting for deployment "inventory-service" rollout to finish: 1 old replicas are pending termination...',
    },
    {
      title: 'updated replicas not yet available',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 3,
          updatedReplicas: 3,
          readyReplicas: 2,
          availableReplicas: 2,
          conditions: [progressingTrue],
        },
      }),
      phase: 'progressing',
      message:
        'Waiting for deployment "inventory-service" rollout to finish: 2 of 3 updated replicas are available...',
    },
    {
      title: 'progress deadline exceeded',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 1,
          readyReplicas: 3,
          availableReplicas: 3,
          conditions: [deadline],
        },
      }),
      phase: 'stalled',
      message: 'deployment "inventory-service" exceeded its progress deadline',
    },
    {
      title:
        'progress deadline exceeded while new pods crash: stalled, and says why',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 1,
          readyReplicas: 3,
          availableReplicas: 3,
          conditions: [deadline],
        },
      }),
      pods: [pod('new-1', 2, { ready: false, containers: [crashing] })],
      phase: 'stalled',
      message:
        /exceeded its progress deadline; 1 pod of the new revision failing: new-1: .*CrashLoopBackOff/,
    },
    {
      title: 'paused mid-rollout',
      deployment: deployment({
        paused: true,
        status: {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 1,
          readyReplicas: 4,
          availableReplicas: 4,
          conditions: [
            {
              type: 'Progressing',
              status: 'Unknown',
              reason: 'DeploymentPaused',
            },
          ],
        },
      }),
      phase: 'paused',
      message:
        'Deployment "inventory-service" is paused; waiting for deployment "inventory-service" rollout to finish: 1 out of 3 new replicas have been updated...',
    },
    {
      title: 'paused after a complete rollout',
      deployment: deployment({ paused: true }),
      phase: 'paused',
      message: 'Deployment "inventory-service" is paused',
    },
    {
      title:
        'paused but the spec change is not yet observed: still waiting like kubectl',
      deployment: deployment({ paused: true, generation: 3 }),
      phase: 'progressing',
      message: 'Waiting for deployment spec update to be observed...',
    },
    {
      title: 'new revision crash-looping',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 1,
          readyReplicas: 3,
          availableReplicas: 3,
          conditions: [progressingTrue],
        },
      }),
      pods: [
        pod('new-1', 2, { ready: false, containers: [crashing] }),
        pod('old-1', 1),
      ],
      phase: 'failing',
      message:
        /^1 pod of the new revision failing: new-1: container inventory-service keeps crashing .*CrashLoopBackOff.*5 restarts, last exit code 1$/,
    },
    {
      title: 'new revision cannot pull its image',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 1,
          readyReplicas: 3,
          availableReplicas: 3,
          conditions: [progressingTrue],
        },
      }),
      pods: [
        pod('new-1', 2, {
          phase: 'Pending',
          ready: false,
          containers: [
            container({
              ready: false,
              image: 'registry/inventory-service:v9',
              state: { waiting: { reason: 'ImagePullBackOff' } },
            }),
          ],
        }),
      ],
      phase: 'failing',
      message:
        /cannot pull image registry\/inventory-service:v9 for container inventory-service \(ImagePullBackOff\)/,
    },
    {
      title: 'new revision OOM-killed',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 3,
          updatedReplicas: 3,
          readyReplicas: 2,
          availableReplicas: 2,
          conditions: [progressingTrue],
        },
      }),
      pods: [
        pod('new-1', 2, {
          ready: false,
          containers: [
            container({
              ready: false,
              restartCount: 2,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
            }),
          ],
        }),
      ],
      phase: 'failing',
      message:
        /new-1: container inventory-service was killed for using more memory than its limit \(OOMKilled\), 2 restarts/,
    },
    {
      title: 'old revision crash-looping does not make the rollout failing',
      deployment: deployment(),
      pods: [
        pod('old-1', 1, { ready: false, containers: [crashing] }),
        pod('new-1', 2),
      ],
      phase: 'complete',
      message: 'deployment "inventory-service" successfully rolled out',
    },
    {
      title:
        'unschedulable new pods keep the rollout progressing (not failing)',
      deployment: deployment({
        status: {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 1,
          readyReplicas: 3,
          availableReplicas: 3,
          conditions: [progressingTrue],
        },
      }),
      pods: [
        pod('new-1', 2, {
          phase: 'Pending',
          ready: false,
          containers: [],
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/4 nodes are available',
            },
          ],
        }),
      ],
      phase: 'progressing',
      message: /1 out of 3 new replicas have been updated/,
    },
    {
      title: 'replicas unset defaults to 1 like the apiserver',
      deployment: {
        ...deployment(),
        spec: { ...deployment().spec, replicas: undefined },
        status: {
          observedGeneration: 2,
          replicas: 1,
          updatedReplicas: 0,
          availableReplicas: 1,
        },
      },
      phase: 'progressing',
      message: /0 out of 1 new replicas have been updated/,
    },
    {
      title: 'no status at all yet',
      deployment: { ...deployment({ generation: 1 }), status: undefined },
      phase: 'progressing',
      message: 'Waiting for deployment spec update to be observed...',
    },
    {
      title: 'scaled to zero and settled',
      deployment: deployment({
        replicas: 0,
        status: {
          observedGeneration: 2,
          replicas: 0,
          updatedReplicas: 0,
          availableReplicas: 0,
        },
      }),
      phase: 'complete',
      message: 'deployment "inventory-service" successfully rolled out',
    },
  ];

  it.each(cases)(
    '$title → $phase',
    ({ deployment: d, pods, phase, message }) => {
      const rollout = computeRollout(
        d,
        [replicaSet(2, 'v1.3.0', 1), replicaSet(1, 'v1.2.3', 3)],
        pods ?? [],
        undefined,
        undefined,
        undefined,
        'sandbox',
      );
      expect(rollout.phase).toBe(phase);
      expect(rollout.phaseMessage).toMatch(
        typeof message === 'string'
          ? new RegExp(`^${escapeRegExp(message)}$`)
          : message,
      );
    },
  );
});

describe('computeRollout details', () => {
  const d = deployment({
    status: {
      observedGeneration: 2,
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
      conditions: [progressingTrue],
    },
  });
  const sets = [
    replicaSet(1, 'v1.2.3', 3),
    replicaSet(2, 'v1.3.0', 1, 0),
    {
      ...replicaSet(7, 'v9', 1),
      metadata: {
        ...replicaSet(7, 'v9', 1).metadata,
        ownerReferences: [
          { kind: 'Deployment', name: 'other', uid: 'other', controller: true },
        ],
      },
    },
  ];
  const pods = [
    pod('old-a', 1),
    pod('old-b', 1),
    pod('old-c', 1, { deletionTimestamp: '2024-05-02T10:00:00Z' }),
    pod('new-a', 2, {
      ready: false,
      containers: [container({ ready: false })],
    }),
    pod('stranger', 7),
  ];
  const rollout = computeRollout(
    d,
    sets,
    pods,
    hpa(),
    undefined,
    undefined,
    'sandbox',
  );

  it('counts replicas like `kubectl get deploy`', () => {
    expect(rollout).toMatchObject({
      cluster: 'sandbox',
      namespace: 'supply-chain',
      name: 'inventory-service',
      desiredReplicas: 3,
      updatedReplicas: 1,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
      totalReplicas: 4,
      generation: 2,
      observedGeneration: 2,
      paused: false,
      revision: 2,
    });
  });

  it('shows the strategy with maxSurge and maxUnavailable', () => {
    expect(rollout.strategy).toEqual({
      type: 'RollingUpdate',
      maxSurge: '1',
      maxUnavailable: '0',
    });
    expect(
      computeRollout(
        deployment({ strategy: { type: 'RollingUpdate' } }),
        [],
        [],
      ).strategy,
    ).toEqual({
      type: 'RollingUpdate',
      maxSurge: '25%',
      maxUnavailable: '25%',
    });
    expect(
      computeRollout(deployment({ strategy: { type: 'Recreate' } }), [], [])
        .strategy,
    ).toEqual({ type: 'Recreate' });
  });

  it('lists only its own revisions, newest first, with current and previous', () => {
    expect(
      rollout.revisions.map(r => [
        r.revision,
        r.version,
        r.images,
        r.current,
        r.previous,
        r.replicas,
        r.readyReplicas,
      ]),
    ).toEqual([
      [2, 'v1.3.0', ['registry/inventory-service:v1.3.0'], true, false, 1, 0],
      [1, 'v1.2.3', ['registry/inventory-service:v1.2.3'], false, true, 3, 3],
    ]);
  });

  it('groups pods by revision with their state in words', () => {
    expect(
      rollout.podsByRevision.map(r => [
        r.revision,
        r.pods.map(p => `${p.name}:${p.ready}:${p.reason ?? ''}`),
      ]),
    ).toEqual([
      [2, ['new-a:false:ReadinessFailing']],
      [1, ['old-a:true:', 'old-b:true:', 'old-c:false:Terminating']],
    ]);
    expect(rollout.podsByRevision[0].pods[0].message).toBe(
      'readiness probe failing: container inventory-service is running but not ready',
    );
  });

  it('attaches the HPA only when it targets this Deployment', () => {
    expect(rollout.hpa).toMatchObject({
      name: 'inventory-service-hpa',
      min: 2,
      max: 20,
    });
    expect(
      computeRollout(d, sets, pods, hpa({ target: 'order-service' })).hpa,
    ).toBeUndefined();
  });

  it('has no traffic split without Istio objects', () => {
    expect(rollout.trafficSplit).toBeUndefined();
  });

  it('falls back to the newest ReplicaSet when the Deployment has no revision annotation', () => {
    const bare = deployment();
    delete bare.metadata.annotations;
    expect(computeRollout(bare, sets, []).revision).toBe(2);
  });

  it('matches pods by pod-template-hash when they have no owner reference', () => {
    const orphan = pod('orphan', 2);
    delete orphan.metadata.ownerReferences;
    expect(
      computeRollout(d, sets, [orphan]).podsByRevision[0].pods.map(p => p.name),
    ).toEqual(['orphan']);
  });
});
