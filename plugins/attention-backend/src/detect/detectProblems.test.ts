import { ArgoCdApplication } from '@supply-chain/plugin-argocd-common';
import {
  component,
  FakeCluster,
  mlModel,
  workload,
} from '../__fixtures__/cluster';
import { detectArgoCdProblems, detectClusterProblems } from './detectProblems';

const order = component('order-service');
const shipping = component('shipping-service');
const ml = component('ml-prediction-service', 'group:default/ml-team');

describe('detectClusterProblems', () => {
  it('finds nothing when every rollout is complete and every model ready', () => {
    const cluster = new FakeCluster()
      .put(workload('order-service'))
      .put(workload('shipping-service'));
    cluster.models = [
      mlModel('demand-forecast', 'ml-prediction-service', 'ready'),
    ];
    expect(detectClusterProblems([order, shipping, ml], cluster)).toEqual([]);
  });

  it('reports a stalled rollout with the words of the Rollouts tab, under its owner', () => {
    const cluster = new FakeCluster().put(workload('order-service', 'stalled'));
    const [problem, ...rest] = detectClusterProblems(
      [order, shipping],
      cluster,
    );
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      id: 'rollout-stalled:sandbox/supply-chain/Deployment order-service:component:default/order-service',
      kind: 'rollout-stalled',
      severity: 'error',
      entityRef: 'component:default/order-service',
      ownerRef: 'group:default/fulfillment-team',
      source: 'cluster:sandbox',
      subject: 'sandbox/supply-chain/Deployment order-service',
      title: 'order-service: rollout stalled',
      link: '/catalog/default/component/order-service/rollouts',
    });
    expect(problem.reason).toContain('exceeded its progress deadline');
  });

  it('reports crash-looping pods as crash-loop, not also as a failing rollout', () => {
    const cluster = new FakeCluster().put(
      workload('shipping-service', 'crash-loop'),
    );
    const problems = detectClusterProblems([shipping], cluster);
    expect(problems.map(p => p.kind)).toEqual(['crash-loop']);
    expect(problems[0].title).toBe(
      'shipping-service: 2 pods are crash-looping',
    );
    expect(problems[0].reason).toMatch(
      /^pod shipping-service-hash2-0: .*CrashLoopBackOff/,
    );
  });

  it('reports other pod failures of the new revision as a failing rollout', () => {
    const cluster = new FakeCluster().put(
      workload('order-service', 'image-pull'),
    );
    const problems = detectClusterProblems([order], cluster);
    expect(problems.map(p => p.kind)).toEqual(['rollout-failing']);
    expect(problems[0].reason).toMatch(/ImagePullBackOff/);
  });

  it('reports a failed MLModel with the operator reason, linking the entity page', () => {
    const cluster = new FakeCluster();
    cluster.models = [
      mlModel(
        'route-optimization-v1',
        'ml-prediction-service',
        'failed',
        'Unschedulable: 8 GPUs asked, 4 available',
      ),
      mlModel('demand-forecast', 'ml-prediction-service', 'ready'),
    ];
    expect(detectClusterProblems([ml], cluster)).toEqual([
      expect.objectContaining({
        kind: 'mlmodel-failed',
        ownerRef: 'group:default/ml-team',
        subject: 'sandbox/supply-chain/MLModel route-optimization-v1',
        reason: 'Failed: Unschedulable: 8 GPUs asked, 4 available',
        link: '/catalog/default/component/ml-prediction-service',
      }),
    ]);
  });

  it('skips entities without Kubernetes annotations and objects of other entities', () => {
    const cluster = new FakeCluster().put(workload('order-service', 'stalled'));
    const plain = { ...shipping, metadata: { name: 'docs-site' } };
    expect(detectClusterProblems([plain, shipping], cluster)).toEqual([]);
  });
});

function app(
  name: string,
  status: NonNullable<ArgoCdApplication['status']>,
): ArgoCdApplication {
  return { metadata: { name, namespace: 'argocd' }, spec: {}, status };
}

describe('detectArgoCdProblems', () => {
  it('reports out of sync, degraded and failed syncs of the annotated app', () => {
    const problems = detectArgoCdProblems(
      [order, shipping],
      [
        {
          instance: 'sandbox',
          apps: [
            app('order-service', {
              sync: { status: 'OutOfSync' },
              health: { status: 'Healthy' },
              resources: [
                {
                  kind: 'Deployment',
                  name: 'order-service',
                  status: 'OutOfSync',
                },
                { kind: 'ConfigMap', name: 'order-config', status: 'Synced' },
              ] as any,
            }),
            app('shipping-service', {
              sync: { status: 'Synced' },
              health: {
                status: 'Degraded',
                message: 'Deployment has 0 ready pods',
              },
              operationState: {
                phase: 'Failed',
                message: 'one or more objects failed to apply',
              } as any,
            }),
            app('unrelated', { sync: { status: 'OutOfSync' } }),
          ],
        },
      ],
    );
    expect(
      problems.map(p => [p.entityRef, p.kind, p.severity, p.reason]),
    ).toEqual([
      [
        'component:default/order-service',
        'argocd-out-of-sync',
        'warning',
        'Sync status OutOfSync: the cluster differs from Git (Deployment order-service)',
      ],
      [
        'component:default/shipping-service',
        'argocd-sync-failed',
        'error',
        'Last sync Failed: one or more objects failed to apply',
      ],
      [
        'component:default/shipping-service',
        'argocd-degraded',
        'error',
        'Health Degraded: Deployment has 0 ready pods',
      ],
    ]);
    expect(problems[0]).toMatchObject({
      source: 'argocd:sandbox',
      link: '/catalog/default/component/order-service/argocd',
    });
  });

  it('looks only in the instances the entity names', () => {
    const pinned = {
      ...order,
      metadata: {
        ...order.metadata,
        annotations: {
          ...order.metadata.annotations,
          'argocd/instance-name': 'other',
        },
      },
    };
    expect(
      detectArgoCdProblems(
        [pinned],
        [
          {
            instance: 'sandbox',
            apps: [app('order-service', { sync: { status: 'OutOfSync' } })],
          },
        ],
      ),
    ).toEqual([]);
  });
});
