/*
 * The official Kubernetes plugin's /proxy forwards any method (PATCH, DELETE a
 * pod, exec) with the cluster's credentials. The policy gives `kubernetes.proxy`
 * to admins only (permissionPolicy.ts); the plugin then answers a bare
 * "Unauthorized". This module of the kubernetes plugin asks the same permission
 * first and refuses with a message that says why. The plugin's own check stays
 * (and covers WebSocket upgrades, which do not pass through this middleware).
 */
import {
  coreServices,
  createBackendModule,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { readAdminGroups } from './adminGroups';

type Handler = Parameters<HttpRouterService['use']>[0];

/** The same permission as @backstage/plugin-kubernetes-common's kubernetesProxyPermission. */
export const kubernetesProxyPermission = createPermission({
  name: 'kubernetes.proxy',
  attributes: {},
});

export const kubernetesProxyModule = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'supply-chain-proxy-refusal',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
      },
      async init({ config, httpRouter, httpAuth, permissions }) {
        const admins = [...readAdminGroups(config)].join(', ');
        const handler: Handler = async (req, res, next) => {
          if (!/^\/proxy(\/|$)/.test(req.path)) {
            next();
            return;
          }
          try {
            const credentials = await httpAuth.credentials(req);
            const [decision] = await permissions.authorize(
              [{ permission: kubernetesProxyPermission }],
              { credentials },
            );
            if (decision.result !== AuthorizeResult.ALLOW) {
              res.status(403).json({
                error: {
                  name: 'NotAllowedError',
                  message: `The Kubernetes proxy forwards any request with the cluster's credentials; it is for admins (${admins}) only (permission kubernetes.proxy). Use the Rollouts actions for restart, pause, undo and scale.`,
                },
                response: { statusCode: 403 },
              });
              return;
            }
            next();
          } catch (error) {
            next(error);
          }
        };
        // Modules initialise before their plugin: this runs before the plugin's router.
        httpRouter.use(handler);
      },
    });
  },
});
