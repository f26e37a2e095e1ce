export { deploymentMetricsApiRef } from './DeploymentMetricsApi';
export type { DeploymentMetricsApi, WindowQuery } from './DeploymentMetricsApi';
export { DeploymentMetricsClient } from './DeploymentMetricsClient';
