import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { registerEntitySizingAction } from './actions/entitySizingAction';
import { createRouter } from './router';
import {
  createClusterReaders,
  readCapacityPrices,
} from './services/clusterReaders';
import { EntitySizingService } from './services/EntitySizingService';
import { NodeGroupService } from './services/NodeGroupService';

/**
 * The capacity backend plugin: one entity's sizing (requests, limits, usage,
 * the VPA's recommendation and verdict, the HPA's headroom), read on request
 * from the clusters with the portal's read credential
 * (`GET /api/capacity/entity`, the `get-entity-sizing` action), with each
 * Deployment's node-group placement and cost; and every cluster's node-group
 * utilisation (`GET /api/capacity/node-groups`).
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
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const prices = readCapacityPrices(deps.config);
        const clusters = await createClusterReaders(deps.config, deps.logger);
        const sizing = EntitySizingService.fromReaders(
          clusters,
          deps.catalog,
          prices,
        );
        const nodeGroups = NodeGroupService.fromReaders(clusters, prices);
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
