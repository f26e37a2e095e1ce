import { mockServices } from '@backstage/backend-test-utils';
import { ClusterWatcher } from './ClusterWatcher';
import { slimAnalysisRun, slimArgoRollout } from './slimArgoRollouts';

describe('slimArgoRollout', () => {
  it('keeps the strategy and status the view reads, drops the pod template and last-applied', () => {
    const slim = slimArgoRollout({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: 'payment-service',
        namespace: 'progressive-delivery',
        uid: 'u1',
        labels: { app: 'payment-service' },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{...}',
          'rollout.argoproj.io/revision': '2',
        },
        managedFields: [{}],
      },
      spec: {
        replicas: 4,
        template: { spec: { containers: [{ name: 'x', env: [] }] } },
        strategy: {
          canary: {
            trafficRouting: {
              istio: {
                virtualService: {
                  name: 'payment-service',
                  routes: ['primary'],
                },
                destinationRule: {
                  name: 'payment-service',
                  canarySubsetName: 'canary',
                  stableSubsetName: 'stable',
                },
              },
            },
            steps: [
              { setWeight: 20 },
              { pause: {} },
              { setWeight: 50 },
              {
                analysis: {
                  templates: [{ templateName: 'payment-service-success-rate' }],
                },
              },
            ],
          },
        },
      },
      status: {
        phase: 'Paused',
        message: 'CanaryPauseStep',
        currentStepIndex: 1,
        currentPodHash: 'c',
        stableRS: 's',
        selector: 'app=payment-service',
        canary: {
          weights: {
            canary: { weight: 20, podTemplateHash: 'c' },
            stable: { weight: 80, podTemplateHash: 's' },
          },
        },
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't' }],
      },
    });
    expect(slim.metadata.annotations).toEqual({
      'rollout.argoproj.io/revision': '2',
    });
    expect((slim.spec as any).template).toBeUndefined();
    expect((slim.metadata as any).managedFields).toBeUndefined();
    expect(slim.spec.strategy.canary).toEqual({
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
    });
    expect(slim.status).toEqual({
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      currentPodHash: 'c',
      stableRS: 's',
      canary: {
        weights: {
          canary: { weight: 20, podTemplateHash: 'c' },
          stable: { weight: 80, podTemplateHash: 's' },
        },
      },
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't' }],
    });
  });

  it('an AnalysisRun keeps its verdict and measurements, not its args', () => {
    const slim = slimAnalysisRun({
      metadata: {
        name: 'r',
        namespace: 'n',
        ownerReferences: [
          { kind: 'Rollout', name: 'payment-service', uid: 'u1' },
        ],
      },
      spec: { args: [{ name: 'token', value: 'secret' }], metrics: [] },
      status: {
        phase: 'Failed',
        message: 'm',
        metricResults: [
          {
            name: 'success-rate',
            phase: 'Failed',
            failed: 1,
            count: 1,
            measurements: [
              {
                phase: 'Failed',
                value: '"0.42"',
                startedAt: 'a',
                finishedAt: 'b',
              },
            ],
          },
        ],
      },
    });
    expect((slim as any).spec).toBeUndefined();
    expect(slim.status?.metricResults?.[0].measurements).toEqual([
      { phase: 'Failed', value: '"0.42"', startedAt: 'a', finishedAt: 'b' },
    ]);
  });
});

describe('discovery of Argo Rollouts', () => {
  async function watchedKinds(resources: string[]) {
    const paths: string[] = [];
    const client = {
      request: async (_method: string, path: string) => {
        paths.push(path);
        if (path === '/apis/argoproj.io')
          return { versions: [{ version: 'v1alpha1' }] };
        if (path === '/apis/argoproj.io/v1alpha1')
          return { resources: resources.map(name => ({ name })) };
        throw Object.assign(new Error('not found'), { statusCode: 404 });
      },
      watch: () => ({ abort() {}, done: new Promise(() => {}) }),
    };
    const watcher = new ClusterWatcher(
      { name: 'c', url: 'http://x' } as any,
      client as any,
      {
        configMapNames: [],
        timing: { watchTimeoutSeconds: 1, maxBackoffMs: 10, minBackoffMs: 10 },
        rediscoverMs: 60_000,
        logger: mockServices.logger.mock(),
        onChange: () => {},
        onHealth: () => {},
      },
    );
    (watcher as any).addWatch = (spec: { kind: string }) =>
      paths.push(`watch ${spec.kind}`);
    await (watcher as any).discover();
    watcher.stop();
    return paths.filter(p => p.startsWith('watch '));
  }

  it('argoproj.io serving only Argo CD Applications: no Rollout watch', async () => {
    expect(await watchedKinds(['applications', 'appprojects'])).toEqual([]);
  });

  it('argoproj.io serving rollouts and analysisruns: both watched', async () => {
    expect(
      await watchedKinds([
        'applications',
        'rollouts',
        'rollouts/status',
        'analysisruns',
      ]),
    ).toEqual(['watch Rollout', 'watch AnalysisRun']);
  });
});
