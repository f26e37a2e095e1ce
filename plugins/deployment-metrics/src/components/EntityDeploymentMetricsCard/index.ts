export { EntityDeploymentMetricsCard } from './EntityDeploymentMetricsCard';
