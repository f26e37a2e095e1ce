import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { argocdPermissions } from '@supply-chain/plugin-argocd-common';
import { argocdInstancesServiceRef } from '@supply-chain/plugin-argocd-node';
import { writeOwnershipServiceRef } from '@supply-chain/plugin-service-boundaries-node';
import { createRouter } from './router';
import { ArgoCdActions } from './services/ArgoCdActions';
import { ArgoCdApplications } from './services/ArgoCdApplications';

/**
 * Argo CD backend plugin: applications, history, resources and
 * sync/refresh/rollback of catalog entities.
 *
 * @public
 */
export const argocdPlugin = createBackendPlugin({
  pluginId: 'argocd',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        instances: argocdInstancesServiceRef,
        ownership: writeOwnershipServiceRef,
      },
      async init({
        logger,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        instances,
        ownership,
      }) {
        permissionsRegistry.addPermissions(argocdPermissions);
        const applications = new ArgoCdApplications(instances, logger);
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            auditor,
            catalog,
            applications,
            actions: new ArgoCdActions(applications),
            ownership,
          }),
        );
      },
    });
  },
});
