import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type {
  ClusterCacheChange,
  RolloutsClusterCacheService,
} from '@supply-chain/plugin-rollouts-node';
import { RolloutSignalsService } from './RolloutSignalsService';

const NS = 'progressive-delivery';
const meta = (name: string, owner?: { kind: string; name: string }) => ({
  name,
  namespace: NS,
  labels: { 'backstage.io/kubernetes-id': 'payment-service' },
  ownerReferences: owner ? [{ ...owner, controller: true }] : undefined,
});

const rollout = { metadata: meta('payment-service'), spec: {} } as any;
const replicaSet = {
  metadata: meta('payment-service-7b8579f45', {
    kind: 'Rollout',
    name: 'payment-service',
  }),
} as any;

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payment-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payment-service' },
  },
};

function setup() {
  let listener: (c: ClusterCacheChange) => void = () => {};
  const cache = {
    subscribe: (l: (c: ClusterCacheChange) => void) => {
      listener = l;
      return () => {};
    },
    listDeployments: () => [],
    listReplicaSets: () => [replicaSet],
    listArgoRollouts: () => [rollout],
  } as unknown as RolloutsClusterCacheService;
  const published: string[] = [];
  const signals = {
    publish: async (s: { channel: string }) => {
      published.push(s.channel);
    },
  };
  const service$ = RolloutSignalsService.create({
    cache,
    signals: signals as any,
    logger: mockServices.logger.mock(),
    config: mockServices.rootConfig({ data: {} }),
  });
  service$.start();
  return {
    service: service$,
    published,
    change: (c: ClusterCacheChange) => listener(c),
  };
}

const channel = 'rollouts:entity:component:default/payment-service';

describe('RolloutSignalsService and Argo Rollouts', () => {
  it.each([
    ['the Rollout', { kind: 'Rollout', object: rollout }],
    [
      'a pod of its ReplicaSet',
      {
        kind: 'Pod',
        object: {
          metadata: meta('payment-service-7b8579f45-abcde', {
            kind: 'ReplicaSet',
            name: 'payment-service-7b8579f45',
          }),
        },
      },
    ],
    [
      'one of its AnalysisRuns',
      {
        kind: 'AnalysisRun',
        object: {
          metadata: meta('payment-service-7b8579f45-2-2', {
            kind: 'Rollout',
            name: 'payment-service',
          }),
        },
      },
    ],
  ])('a change of %s signals the entity whose tab shows it', async (_, c) => {
    const { service: s, published, change } = setup();
    s.watchEntity(service);
    change({ cluster: 'sandbox', type: 'MODIFIED', ...c } as any);
    await s.flush();
    expect(published).toEqual([channel]);
    s.stop();
  });

  it('a change of an object no Rollout owns signals nothing', async () => {
    const { service: s, published, change } = setup();
    s.watchEntity(service);
    change({
      cluster: 'sandbox',
      type: 'MODIFIED',
      kind: 'AnalysisRun',
      object: {
        metadata: meta('other', { kind: 'Rollout', name: 'other-service' }),
      },
    } as any);
    await s.flush();
    expect(published).toEqual([]);
    s.stop();
  });
});
