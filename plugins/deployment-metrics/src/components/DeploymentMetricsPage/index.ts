export { DeploymentMetricsPage } from './DeploymentMetricsPage';
