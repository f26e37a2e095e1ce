import { ClusterFacts } from '@supply-chain/plugin-service-boundaries-common';

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
