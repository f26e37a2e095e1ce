/**
 * Rollout and ML model views of the supply-chain portal: the entity tab
 * "Rollouts", the entity card "ML models" and the "Rollouts" and "ML models"
 * pages. The new frontend system's plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  EntityMLModelsCard,
  EntityRolloutsContent,
  MLModelsPage,
  RolloutsPage,
  rolloutsPlugin,
} from './plugin';
export { isRolloutsAvailable } from './conditions';
export {
  rolloutsApiRef,
  RolloutsClient,
} from '@supply-chain/plugin-rollouts-react';
export type { RolloutsApi } from '@supply-chain/plugin-rollouts-react';
