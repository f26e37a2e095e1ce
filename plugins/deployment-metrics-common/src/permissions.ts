import { createPermission } from '@backstage/plugin-permission-common';

/** Read deployment metrics and recorded rollouts. @public */
export const deploymentMetricsReadPermission = createPermission({
  name: 'deployment-metrics.read',
  attributes: { action: 'read' },
});

/** Every permission of the deployment-metrics family. @public */
export const deploymentMetricsPermissions = [deploymentMetricsReadPermission];
