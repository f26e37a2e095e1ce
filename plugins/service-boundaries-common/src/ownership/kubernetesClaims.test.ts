import { Entity } from '@backstage/catalog-model';
import { CatalogIndex } from '../catalogIndex';
import {
  entitiesClaimingWorkload,
  isOnKubernetes,
  kubernetesPlacement,
} from './kubernetesClaims';

function component(name: string, selector?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: selector
        ? { 'backstage.io/kubernetes-label-selector': selector }
        : {},
    },
    spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'x' },
  };
}

const workload = (name: string, labels: Record<string, string>) => ({
  cluster: 'sandbox',
  namespace: 'supply-chain',
  name,
  kind: 'Deployment',
  labels,
});

describe('label selector claims: the grammar of kubectl -l, as the Rollouts tab and write checks read it', () => {
  it('a set-based selector claims the workloads it selects, and only those', () => {
    const index = CatalogIndex.fromEntities([
      component('billing', 'app in (billing-api, billing-worker),tier!=batch'),
    ]);
    const claimants = (labels: Record<string, string>) =>
      entitiesClaimingWorkload(workload('w', labels), index).map(c => [
        c.entity.metadata.name,
        c.matchedBy,
      ]);

    expect(claimants({ app: 'billing-worker' })).toEqual([
      ['billing', 'kubernetes-label-selector'],
    ]);
    expect(claimants({ app: 'billing-api', tier: 'batch' })).toEqual([]);
    expect(claimants({ app: 'order-service' })).toEqual([]);
  });

  it('an equality selector still claims as before', () => {
    const index = CatalogIndex.fromEntities([
      component('orders', 'app=order-service'),
    ]);
    expect(
      entitiesClaimingWorkload(workload('w', { app: 'order-service' }), index),
    ).toHaveLength(1);
  });

  it.each([
    ['empty', ' '],
    ['invalid', 'app in (a'],
  ])(
    'an %s selector claims nothing and does not place the entity on Kubernetes',
    (_, text) => {
      const entity = component('c', text);
      expect(kubernetesPlacement(entity).labelSelector).toBeUndefined();
      expect(isOnKubernetes(entity)).toBe(false);
      expect(
        entitiesClaimingWorkload(
          workload('w', { app: 'a' }),
          CatalogIndex.fromEntities([entity]),
        ),
      ).toEqual([]);
    },
  );
});
