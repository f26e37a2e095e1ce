import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { rolloutsPermissions } from '@supply-chain/plugin-rollouts-common';
import {
  rolloutsClusterCacheServiceRef,
  rolloutsClusterClientServiceRef,
} from '@supply-chain/plugin-rollouts-node';
import { writeOwnershipServiceRef } from '@supply-chain/plugin-service-boundaries-node';
import { registerRolloutStatusAction } from './actions/rolloutStatusAction';
import { createRouter } from './router';
import { CatalogClustersService } from './services/CatalogClustersService';
import { EntityRolloutsService } from './services/EntityRolloutsService';
import { RolloutActionsService } from './services/RolloutActionsService';
import { RolloutSignalsService } from './services/RolloutSignalsService';

/**
 * The rollouts backend plugin (pluginId `rollouts`): live rollout, HPA, traffic
 * split and MLModel status from the shared watch cache, pushed to the browser
 * with signals, and permission-guarded rollout actions.
 * @public
 */
export const rolloutsPlugin = createBackendPlugin({
  pluginId: 'rollouts',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        cache: rolloutsClusterCacheServiceRef,
        client: rolloutsClusterClientServiceRef,
        ownership: writeOwnershipServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const {
          config,
          logger,
          httpRouter,
          lifecycle,
          cache,
          client,
          catalog,
        } = deps;
        deps.permissionsRegistry.addPermissions(rolloutsPermissions);

        const entities = EntityRolloutsService.create({
          cache,
          catalog,
          config,
          ownership: deps.ownership,
          permissions: deps.permissions,
        });
        const actions = RolloutActionsService.create({
          cache,
          client,
          entities,
          permissions: deps.permissions,
          auditor: deps.auditor,
          ownership: deps.ownership,
        });
        const signals = RolloutSignalsService.create({
          cache,
          signals: deps.signals,
          logger,
          config,
        });
        signals.start();
        lifecycle.addShutdownHook(() => signals.stop());

        if (client.catalogLocator && client.setCatalogClusters) {
          const catalogClusters = CatalogClustersService.create({
            catalog,
            auth: deps.auth,
            logger,
            config,
            register: clusters => client.setCatalogClusters!(clusters),
            trust: deps.ownership.trust,
          });
          lifecycle.addStartupHook(() => catalogClusters.start());
          lifecycle.addShutdownHook(() => catalogClusters.stop());
        }

        registerRolloutStatusAction({
          actionsRegistry: deps.actionsRegistry,
          entities,
        });
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            cache,
            entities,
            actions,
            signals,
          }),
        );
      },
    });
  },
});
