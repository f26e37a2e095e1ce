import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { argocdInstancesServiceRef } from '@supply-chain/plugin-argocd-node';
import { deploymentMetricsPermissions } from '@supply-chain/plugin-deployment-metrics-common';
import { rolloutsClusterCacheServiceRef } from '@supply-chain/plugin-rollouts-node';
import { registerDeploymentMetricsAction } from './actions/createDeploymentMetricsAction';
import { createRouter } from './router';
import { ArgoCdSyncRecorder } from './services/ArgoCdSyncRecorder';
import { DeploymentMetricsService } from './services/DeploymentMetricsService';
import { RolloutRecorder } from './services/RolloutRecorder';
import { openMetricsStores, pruneEvents } from './services/stores';
import { readDeploymentMetricsSettings } from './services/settings';

const DAY_MS = 86_400_000;

/**
 * Deployment metrics backend plugin: records every rollout the shared
 * cluster watch cache observes and every Argo CD sync into the plugin's
 * database, prunes them after the retention, and serves the numbers per
 * service, team and system (REST + the `get-deployment-metrics` action).
 *
 * @public
 */
export const deploymentMetricsPlugin = createBackendPlugin({
  pluginId: 'deployment-metrics',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        cache: rolloutsClusterCacheServiceRef,
        argocd: argocdInstancesServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        lifecycle,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        catalog,
        cache,
        argocd,
        actionsRegistry,
      }) {
        const settings = readDeploymentMetricsSettings(config);
        permissionsRegistry.addPermissions(deploymentMetricsPermissions);
        const stores = await openMetricsStores({ database });

        const recorder = RolloutRecorder.create({ cache, stores, logger });
        lifecycle.addStartupHook(() => {
          // does not hold up startup while clusters list
          recorder
            .start()
            .then(() => logger.info('recording rollouts'))
            .catch(error =>
              logger.error(`could not start recording rollouts: ${error}`),
            );
        });
        lifecycle.addShutdownHook(() => recorder.stop());

        if (argocd.instanceNames().length > 0) {
          const syncs = ArgoCdSyncRecorder.create({
            instances: argocd,
            stores,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'deployment-metrics-argocd-syncs',
            frequency: { seconds: settings.syncPollSeconds },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
            fn: async () => {
              await syncs.poll();
            },
          });
        }

        await scheduler.scheduleTask({
          id: 'deployment-metrics-prune',
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const pruned = await pruneEvents(
              stores,
              Date.now() - settings.retentionDays * DAY_MS,
            );
            if (pruned.rollouts || pruned.syncs) {
              logger.info(
                `pruned ${pruned.rollouts} rollouts and ${pruned.syncs} syncs older than ${settings.retentionDays} days`,
              );
            }
          },
        });

        const metrics = DeploymentMetricsService.create({
          stores,
          catalog,
          permissions,
        });
        registerDeploymentMetricsAction({
          actionsRegistry,
          metrics,
          retentionDays: settings.retentionDays,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            metrics,
            retentionDays: settings.retentionDays,
          }),
        );
      },
    });
  },
});
