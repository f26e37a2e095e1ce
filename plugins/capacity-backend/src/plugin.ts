import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { rolloutsClusterCacheServiceRef } from '@supply-chain/plugin-rollouts-node';
import { registerEntitySizingAction } from './actions/entitySizingAction';
import { createRouter } from './router';
import { CapacityPoller } from './services/CapacityPoller';
import {
  createClusterReaders,
  readCapacityPrices,
  readPollIntervalMs,
} from './services/clusterReaders';
import { EntitySizingService } from './services/EntitySizingService';
import { NodeGroupService } from './services/NodeGroupService';
import { capacitySources } from './services/sources';

/**
 * The capacity backend plugin: one entity's sizing (requests, limits, usage,
 * the VPA's recommendation and verdict, the HPA's headroom)
 * (`GET /api/capacity/entity`, the `get-entity-sizing` action), with each
 * Deployment's node-group placement and cost; every service's cost and waste
 * (`GET /api/capacity/services`); and every cluster's node-group utilisation
 * (`GET /api/capacity/node-groups`). Answers are computed from memory: pods,
 * Deployments and HPAs from the shared rollouts watch cache, nodes, metrics
 * and VPAs from a background poll of each cluster with the portal's read
 * credential every `capacity.pollIntervalSeconds`.
 *
 * @public
 */
export const capacityPlugin = createBackendPlugin({
  pluginId: 'capacity',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        cache: rolloutsClusterCacheServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const prices = readCapacityPrices(deps.config);
        const intervalMs = readPollIntervalMs(deps.config);
        const clusters = await createClusterReaders(deps.config, deps.logger);
        const poller = new CapacityPoller(clusters, {
          intervalMs,
          logger: deps.logger,
        });
        poller.start();
        deps.lifecycle.addShutdownHook(() => poller.stop());
        const sources = capacitySources(deps.cache, poller);
        const sizing = EntitySizingService.fromSources(
          sources,
          deps.catalog,
          prices,
        );
        const nodeGroups = NodeGroupService.fromSources(sources, prices);
        registerEntitySizingAction({
          actionsRegistry: deps.actionsRegistry,
          sizing,
        });
        deps.httpRouter.use(
          await createRouter({ httpAuth: deps.httpAuth, sizing, nodeGroups }),
        );
      },
    });
  },
});
