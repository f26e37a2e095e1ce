import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { deploymentMetricsApiFactory } from './apiFactory';
import { deploymentMetricsRouteRef } from './routes';

/**
 * The deployment-metrics plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const deploymentMetricsPlugin = createPlugin({
  id: 'deployment-metrics',
  apis: [deploymentMetricsApiFactory],
  routes: { root: deploymentMetricsRouteRef },
});

/**
 * The "Deployment metrics" card of an entity page: this window's numbers
 * with the trend against the previous window, and the rollouts behind them.
 *
 * @public
 */
export const EntityDeploymentMetricsCard = deploymentMetricsPlugin.provide(
  createComponentExtension({
    name: 'EntityDeploymentMetricsCard',
    component: {
      lazy: () =>
        import('./components/EntityDeploymentMetricsCard').then(
          m => m.EntityDeploymentMetricsCard,
        ),
    },
  }),
);

/**
 * The "Deployment metrics" page: services, teams and systems side by side,
 * sortable, with a chart per metric and drill-down to the rollouts.
 *
 * @public
 */
export const DeploymentMetricsPage = deploymentMetricsPlugin.provide(
  createRoutableExtension({
    name: 'DeploymentMetricsPage',
    component: () =>
      import('./components/DeploymentMetricsPage').then(
        m => m.DeploymentMetricsPage,
      ),
    mountPoint: deploymentMetricsRouteRef,
  }),
);
