import {
  ClusterFacts,
  KubernetesObjectLike,
  SERVICE_BOUNDARIES_CONFIGMAP,
  clusterFactsFromObjects,
  mergeClusterFacts,
} from '@supply-chain/plugin-service-boundaries-common';
import { RolloutsClusterCacheService } from '@supply-chain/plugin-rollouts-node';
import { ClusterFactsSource } from './ClusterFactsSource';

/** How long the first read waits for the cache's initial list. */
const SYNC_TIMEOUT_MS = 3000;

/**
 * Cluster facts read from the shared cluster watch cache of the rollouts
 * family (`rollouts.cluster-cache`): Deployments, AuthorizationPolicies, the
 * `service-boundaries` ConfigMaps and MLModels of every reachable cluster.
 *
 * @public
 */
export class RolloutsCacheClusterFactsSource implements ClusterFactsSource {
  constructor(private readonly cache: RolloutsClusterCacheService) {}

  async getClusterFacts(): Promise<ClusterFacts> {
    await this.cache.waitForSync(SYNC_TIMEOUT_MS);
    const clusters = this.cache.listClusters();
    if (clusters.length === 0) {
      throw new Error(
        'no clusters are configured (kubernetes.clusterLocatorMethods)',
      );
    }
    const reachable = clusters.filter(c => c.status !== 'unreachable');
    if (reachable.length === 0) {
      throw new Error(
        clusters
          .map(c => `${c.name} is unreachable${c.error ? ` (${c.error})` : ''}`)
          .join('; '),
      );
    }
    return mergeClusterFacts(
      reachable.map(({ name }) => {
        const tag = (apiVersion: string, kind: string) => (o: object) =>
          ({ apiVersion, kind, ...o } as KubernetesObjectLike);
        return clusterFactsFromObjects(name, [
          ...this.cache.listDeployments(name).map(tag('apps/v1', 'Deployment')),
          ...this.cache
            .listAuthorizationPolicies(name)
            .map(tag('security.istio.io/v1', 'AuthorizationPolicy')),
          ...this.cache
            .listConfigMaps(name, SERVICE_BOUNDARIES_CONFIGMAP)
            .map(tag('v1', 'ConfigMap')),
          ...this.cache
            .listMLModels(name)
            .map(tag('ml.supplychain.io/v1', 'MLModel')),
        ]);
      }),
    );
  }
}
