import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ClusterFacts } from '@supply-chain/plugin-service-boundaries-common';
import { rolloutsClusterCacheServiceRef } from '@supply-chain/plugin-rollouts-node';
import { RolloutsCacheClusterFactsSource } from './RolloutsCacheClusterFactsSource';

/**
 * Where drift and unowned reports get their cluster facts: Istio
 * AuthorizationPolicies, the `service-boundaries` ConfigMap, workloads and
 * MLModels of every configured cluster.
 *
 * @public
 */
export interface ClusterFactsSource {
  /**
   * The current facts of every cluster. Rejects when no cluster can be read;
   * callers then answer from the catalog alone and label the cluster part
   * unavailable.
   */
  getClusterFacts(): Promise<ClusterFacts>;
}

/**
 * A source that is never available, with the reason it gives.
 *
 * @public
 */
export class UnavailableClusterFactsSource implements ClusterFactsSource {
  constructor(private readonly reason: string) {}

  async getClusterFacts(): Promise<ClusterFacts> {
    throw new Error(this.reason);
  }
}

/**
 * The cluster facts of the service-boundaries plugin; by default read from
 * the shared cluster watch cache (`rollouts.cluster-cache`). Replace it with
 * a service factory of your own to read clusters another way.
 *
 * @public
 */
export const clusterFactsSourceServiceRef =
  createServiceRef<ClusterFactsSource>({
    id: 'service-boundaries.cluster-facts',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { cache: rolloutsClusterCacheServiceRef },
        factory: ({ cache }) => new RolloutsCacheClusterFactsSource(cache),
      }),
  });
