import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { serviceBoundariesPermissions } from '@supply-chain/plugin-service-boundaries-common';
import { registerWhoOwnsAction } from './actions/createWhoOwnsAction';
import { createRouter } from './router';
import { clusterFactsSourceServiceRef } from '@supply-chain/plugin-service-boundaries-node';
import { ServiceBoundariesService } from './services/ServiceBoundariesService';

/**
 * The service-boundaries backend plugin: boundaries, boundary maps, drift,
 * who-owns lookups (REST and the `who-owns` action) and unowned workloads.
 *
 * @public
 */
export const serviceBoundariesPlugin = createBackendPlugin({
  pluginId: 'service-boundaries',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        clusterFacts: clusterFactsSourceServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        logger,
        permissions,
        permissionsRegistry,
        catalog,
        actionsRegistry,
        clusterFacts,
      }) {
        permissionsRegistry.addPermissions(serviceBoundariesPermissions);
        const service = ServiceBoundariesService.create({
          catalog,
          clusterFacts,
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, permissions, service }));
        registerWhoOwnsAction({ actionsRegistry, service });
      },
    });
  },
});
