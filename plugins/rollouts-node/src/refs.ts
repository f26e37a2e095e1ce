import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultRolloutsClusterCache } from './cache/DefaultRolloutsClusterCache';
import { RolloutActionsClient } from './clusters/RolloutActionsClient';
import {
  RolloutsClusterCacheService,
  RolloutsClusterClientService,
} from './types';

/**
 * The shared cluster watch cache (root scope: one per backend, shared by all plugins).
 * @public
 */
export const rolloutsClusterCacheServiceRef =
  createServiceRef<RolloutsClusterCacheService>({
    id: 'rollouts.cluster-cache',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
          lifecycle: coreServices.rootLifecycle,
        },
        async factory({ config, logger, lifecycle }) {
          const cache = await DefaultRolloutsClusterCache.create({
            config,
            logger,
          });
          lifecycle.addShutdownHook(() => cache.stop());
          return cache;
        },
      }),
  });

/**
 * Cluster access for the rollouts backend's guarded actions, with their own
 * write credential (`rollouts.actions.clusters`, see RolloutActionsClient), and
 * catalog cluster registration into the cache.
 * @public
 */
export const rolloutsClusterClientServiceRef = createServiceRef<
  RolloutsClusterClientService & {
    /** registers the clusters a `type: catalog` locator found (no-op without one) */
    setCatalogClusters?(
      clusters: import('@backstage/plugin-kubernetes-node').ClusterDetails[],
    ): Promise<void>;
    /** true when `kubernetes.clusterLocatorMethods` has a `type: catalog` entry */
    catalogLocator?: boolean;
  }
>({
  id: 'rollouts.cluster-client',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        cache: rolloutsClusterCacheServiceRef,
        config: coreServices.rootConfig,
      },
      factory({ cache, config }) {
        if (!(cache instanceof DefaultRolloutsClusterCache)) {
          throw new Error(
            'rollouts.cluster-client needs the default rollouts.cluster-cache implementation; provide both services together',
          );
        }
        const actions = RolloutActionsClient.fromConfig(config);
        return {
          clusterNames: () => actions.clusterNames(),
          request: (cluster, method, path, body, contentType) =>
            actions.request(cluster, method, path, body, contentType),
          setCatalogClusters: clusters =>
            cache.setClusters('catalog', clusters),
          catalogLocator: cache.catalogLocator,
        };
      },
    }),
});
