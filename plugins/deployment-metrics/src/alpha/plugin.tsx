import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { deploymentMetricsRouteRef } from '../routes';
import { deploymentMetricsApi } from './apis';
import { entityDeploymentMetricsCard } from './entityCards';
import { deploymentMetricsPage } from './pages';

/**
 * The deployment-metrics plugin for the new frontend system.
 *
 * @alpha
 */
export const deploymentMetricsPlugin = createFrontendPlugin({
  pluginId: 'deployment-metrics',
  title: 'Deployment metrics',
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    deploymentMetricsApi,
    entityDeploymentMetricsCard,
    deploymentMetricsPage,
  ],
  routes: { root: deploymentMetricsRouteRef },
});
