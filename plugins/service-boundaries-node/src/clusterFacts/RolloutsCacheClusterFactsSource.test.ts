import { RolloutsClusterCacheService } from '@supply-chain/plugin-rollouts-node';
import {
  CatalogIndex,
  computeDrift,
} from '@supply-chain/plugin-service-boundaries-common';
import { RolloutsCacheClusterFactsSource } from './RolloutsCacheClusterFactsSource';
import {
  loadRealCatalog,
  loadSeedObjects,
} from '@supply-chain/plugin-service-boundaries-common/testUtils';

/** A cache holding the seed manifests, shaped as the rollouts cache returns them (no kind/apiVersion). */
function seedCache(
  status: 'synced' | 'unreachable',
): RolloutsClusterCacheService {
  const objects = loadSeedObjects();
  const ofKind = (kind: string) =>
    objects
      .filter(o => o.kind === kind)
      .map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return {
    waitForSync: async () => {},
    listClusters: () => [
      {
        name: 'sandbox',
        status,
        since: '2026-01-01T00:00:00Z',
        error: status === 'unreachable' ? 'connect ECONNREFUSED' : undefined,
      },
    ],
    listDeployments: () => ofKind('Deployment'),
    listAuthorizationPolicies: () => ofKind('AuthorizationPolicy'),
    listConfigMaps: (_cluster: string, name: string) =>
      ofKind('ConfigMap').filter((c: any) => c.metadata.name === name),
    listMLModels: () => ofKind('MLModel'),
  } as unknown as RolloutsClusterCacheService;
}

describe('RolloutsCacheClusterFactsSource', () => {
  it('turns the cached seed objects into facts that give the seed drift', async () => {
    const facts = await new RolloutsCacheClusterFactsSource(
      seedCache('synced'),
    ).getClusterFacts();
    expect(facts.clusters).toEqual(['sandbox']);
    expect(facts.authorizationPolicies.map(p => p.name)).toEqual([
      'inventory-service-authz',
    ]);
    expect(facts.serviceBoundaries).toHaveLength(1);
    expect(facts.mlModels).toHaveLength(3);
    expect(facts.workloads.map(w => w.name).sort()).toEqual([
      'inventory-service',
      'ml-prediction-service',
      'order-service',
      'shipping-service',
    ]);
    const report = computeDrift({
      index: CatalogIndex.fromEntities(loadRealCatalog()),
      facts,
      cluster: { status: 'available', clusters: facts.clusters },
    });
    expect(report.summary.undeclaredCallers).toBe(1);
  });

  it('rejects, naming the cause, when every cluster is unreachable', async () => {
    await expect(
      new RolloutsCacheClusterFactsSource(
        seedCache('unreachable'),
      ).getClusterFacts(),
    ).rejects.toThrow('sandbox is unreachable (connect ECONNREFUSED)');
  });
});
