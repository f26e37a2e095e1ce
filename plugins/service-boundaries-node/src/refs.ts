import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { rolloutsClusterCacheServiceRef } from '@supply-chain/plugin-rollouts-node';
import { ClusterFactsSource } from './clusterFacts/ClusterFactsSource';
import { RolloutsCacheClusterFactsSource } from './clusterFacts/RolloutsCacheClusterFactsSource';
import { WriteOwnershipService } from './WriteOwnershipService';

/**
 * Write ownership of cluster objects and Argo CD applications (one rule for
 * every write path of the portal; docs/SECURITY.md).
 * @public
 */
export const writeOwnershipServiceRef = createServiceRef<WriteOwnershipService>(
  {
    id: 'service-boundaries.write-ownership',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          catalog: catalogServiceRef,
          auth: coreServices.auth,
          config: coreServices.rootConfig,
        },
        factory: deps => WriteOwnershipService.create(deps),
      }),
  },
);

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
