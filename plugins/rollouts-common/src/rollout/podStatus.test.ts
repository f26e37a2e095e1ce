import { container, pod } from '../__fixtures__/objects';
import { summarizePod } from './podStatus';

describe('summarizePod', () => {
  const cases = [
    {
      title: 'healthy',
      pod: pod('p', 1),
      reason: undefined,
      ready: true,
      message: undefined,
    },
    {
      title: 'crash loop',
      pod: pod('p', 1, {
        ready: false,
        containers: [
          container({
            ready: false,
            restartCount: 1,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          }),
        ],
      }),
      reason: 'CrashLoopBackOff',
      ready: false,
      message:
        'container inventory-service keeps crashing and is waiting to restart (CrashLoopBackOff), 1 restart',
    },
    {
      title: 'OOMKilled while running again',
      pod: pod('p', 1, {
        containers: [
          container({
            restartCount: 3,
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
          }),
        ],
      }),
      reason: undefined,
      ready: true,
      message: undefined,
    },
    {
      title: 'OOMKilled terminated now',
      pod: pod('p', 1, {
        ready: false,
        containers: [
          container({
            ready: false,
            restartCount: 3,
            state: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
          }),
        ],
      }),
      reason: 'OOMKilled',
      ready: false,
      message:
        'container inventory-service was killed for using more memory than its limit (OOMKilled), 3 restarts',
    },
    {
      title: 'ErrImagePull counts as image pull failure',
      pod: pod('p', 1, {
        phase: 'Pending',
        containers: [
          container({
            ready: false,
            image: 'x:1',
            state: {
              waiting: { reason: 'ErrImagePull', message: 'not found' },
            },
          }),
        ],
      }),
      reason: 'ImagePullBackOff',
      ready: false,
      message:
        'cannot pull image x:1 for container inventory-service (ErrImagePull): not found',
    },
    {
      title: 'unschedulable',
      pod: pod('p', 1, {
        phase: 'Pending',
        containers: [],
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
          },
        ],
      }),
      reason: 'Unschedulable',
      ready: false,
      message:
        'no node can run this pod: 0/3 nodes are available: 3 Insufficient cpu.',
    },
    {
      title: 'readiness failing',
      pod: pod('p', 1, {
        ready: false,
        containers: [container({ ready: false })],
      }),
      reason: 'ReadinessFailing',
      ready: false,
      message:
        'readiness probe failing: container inventory-service is running but not ready',
    },
    {
      title: 'container creating',
      pod: pod('p', 1, {
        phase: 'Pending',
        containers: [
          container({
            ready: false,
            state: { waiting: { reason: 'ContainerCreating' } },
          }),
        ],
      }),
      reason: 'ContainerCreating',
      ready: false,
      message: 'containers are being created',
    },
    {
      title: 'config error',
      pod: pod('p', 1, {
        phase: 'Pending',
        containers: [
          container({
            ready: false,
            state: {
              waiting: {
                reason: 'CreateContainerConfigError',
                message: 'secret "db" not found',
              },
            },
          }),
        ],
      }),
      reason: 'Error',
      ready: false,
      message:
        'container inventory-service cannot start (CreateContainerConfigError): secret "db" not found',
    },
    {
      title: 'evicted',
      pod: pod('p', 1, { phase: 'Failed', reason: 'Evicted', containers: [] }),
      reason: 'Error',
      ready: false,
      message: 'pod failed (Evicted)',
    },
    {
      title: 'terminating',
      pod: pod('p', 1, { deletionTimestamp: '2024-01-01T00:00:00Z' }),
      reason: 'Terminating',
      ready: false,
      message: 'pod is terminating',
    },
  ];
  it.each(cases)('$title', ({ pod: p, reason, ready, message }) => {
    const s = summarizePod(p);
    expect(s.reason).toBe(reason);
    expect(s.ready).toBe(ready);
    expect(s.message).toBe(message);
  });

  it('adds up restarts of all containers', () => {
    const p = pod('p', 1, {
      containers: [
        container({ restartCount: 2 }),
        container({ name: 'sidecar', restartCount: 3 }),
      ],
    });
    expect(summarizePod(p).restarts).toBe(5);
  });
});
