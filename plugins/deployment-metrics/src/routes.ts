import { createRouteRef } from '@backstage/core-plugin-api';

/** The "Deployment metrics" page. */
export const deploymentMetricsRouteRef = createRouteRef({
  id: 'deployment-metrics',
});
