import { mockServices } from '@backstage/backend-test-utils';
import type {
  ArgoAnalysisRunObject,
  ArgoRolloutObject,
} from '@supply-chain/plugin-rollouts-common';
import type { ObjectFilter } from '@supply-chain/plugin-rollouts-node';
import { FakeClusters } from '../__fixtures__/fakeClusters';
import { EntityRolloutsService } from './EntityRolloutsService';

const NS = 'progressive-delivery';

/** The fake cache with the optional Argo Rollouts reads. */
class ArgoFakeClusters extends FakeClusters {
  private argo(
    cluster: string,
    kind: 'Rollout' | 'AnalysisRun',
    f?: ObjectFilter,
  ) {
    return (this.clusters.get(cluster)?.objects[kind] ?? []).filter(
      (o: any) => !f?.namespace || o.metadata.namespace === f.namespace,
    );
  }
  listArgoRollouts(cluster: string, filter?: ObjectFilter) {
    return this.argo(cluster, 'Rollout', filter) as ArgoRolloutObject[];
  }
  listAnalysisRuns(cluster: string, filter?: ObjectFilter) {
    return this.argo(cluster, 'AnalysisRun', filter) as ArgoAnalysisRunObject[];
  }
}

const rollout = (
  name: string,
  labels: Record<string, string>,
): ArgoRolloutObject => ({
  metadata: { name, namespace: NS, uid: `uid-${name}`, labels },
  spec: {
    replicas: 4,
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
  },
  status: {
    phase: 'Paused',
    message: 'CanaryPauseStep',
    pauseConditions: [{ reason: 'CanaryPauseStep' }],
    currentStepIndex: 1,
    currentPodHash: 'c',
    stableRS: 's',
    canary: {
      weights: {
        canary: { weight: 20, podTemplateHash: 'c' },
        stable: { weight: 80, podTemplateHash: 's' },
      },
    },
  },
});

const run: ArgoAnalysisRunObject = {
  metadata: {
    name: 'payment-service-c-2-3',
    namespace: NS,
    labels: { 'rollouts-pod-template-hash': 'c' },
    ownerReferences: [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        name: 'payment-service',
        uid: 'uid-payment-service',
      },
    ],
  },
  status: { phase: 'Running', metricResults: [] },
};

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payment-service',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'payment-service',
      'backstage.io/kubernetes-namespace': NS,
    },
  },
  spec: { owner: 'group:default/payments-team' },
};

function service(clusters: FakeClusters) {
  return EntityRolloutsService.create({
    cache: clusters,
    catalog: {} as any,
    config: mockServices.rootConfig(),
    ownership: {} as any,
    permissions: {} as any,
  });
}

describe('EntityRolloutsService and Argo Rollouts', () => {
  it("returns the entity's Rollouts, matched as its Deployments are, in kubectl argo rollouts words", () => {
    const clusters = new ArgoFakeClusters();
    clusters.addCluster('local', {}, {
      Deployment: [],
      Rollout: [
        rollout('payment-service', {
          'backstage.io/kubernetes-id': 'payment-service',
        }),
        rollout('notification-service', {
          'backstage.io/kubernetes-id': 'notification-service',
        }),
      ],
      AnalysisRun: [run],
    } as any);
    const response = service(clusters).rolloutsFor(entity);
    const [local] = response.clusters;
    expect(local.deployments).toEqual([]);
    expect(local.argoRollouts?.map(r => r.name)).toEqual(['payment-service']);
    expect(local.argoRollouts?.[0]).toMatchObject({
      strategy: 'canary',
      phase: 'Paused',
      step: '1/2',
      weights: { canary: 20, stable: 80 },
      pausedReasons: ['CanaryPauseStep: paused at step 1/2 until promoted'],
      analysisRuns: [{ name: 'payment-service-c-2-3', phase: 'Running' }],
    });
  });

  it('leaves argoRollouts out where the cluster does not serve Rollouts, and on the overview snapshot', () => {
    const clusters = new ArgoFakeClusters();
    clusters.addCluster('plain', {}, { Deployment: [] });
    clusters.addCluster('argo', {}, {
      Deployment: [],
      Rollout: [
        rollout('payment-service', {
          'backstage.io/kubernetes-id': 'payment-service',
        }),
      ],
    } as any);
    const svc = service(clusters);
    const byName = Object.fromEntries(
      svc.rolloutsFor(entity).clusters.map(c => [c.name, c]),
    );
    expect(byName.plain).not.toHaveProperty('argoRollouts');
    expect(byName.argo.argoRollouts).toHaveLength(1);
    for (const c of svc.rolloutsFor(entity, svc.snapshotReads()).clusters)
      expect(c).not.toHaveProperty('argoRollouts');
  });

  it('a cache without the Argo reads answers as before', () => {
    const clusters = new FakeClusters();
    clusters.addCluster('local', {}, { Deployment: [] });
    expect(
      service(clusters).rolloutsFor(entity).clusters[0],
    ).not.toHaveProperty('argoRollouts');
  });
});
