/**
 * Deployment metrics views of the supply-chain portal: the entity card
 * "Deployment metrics" and the "Deployment metrics" page comparing services,
 * teams and systems. The new frontend system's plugin is the default export
 * of `./alpha`.
 *
 * @packageDocumentation
 */
export {
  DeploymentMetricsPage,
  EntityDeploymentMetricsCard,
  deploymentMetricsPlugin,
} from './plugin';
export { deploymentMetricsApiRef, DeploymentMetricsClient } from './api';
export type { DeploymentMetricsApi, WindowQuery } from './api';
