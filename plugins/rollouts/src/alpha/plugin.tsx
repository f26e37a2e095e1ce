import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { mlModelsRouteRef, rolloutsRouteRef } from '../routes';
import { rolloutsApi } from './apis';
import { entityMLModelsCard, entityRolloutsContent } from './entityContents';
import { mlModelsPage, rolloutsPage } from './pages';

/**
 * The rollouts plugin for the new frontend system.
 *
 * @alpha
 */
export const rolloutsPlugin = createFrontendPlugin({
  pluginId: 'rollouts',
  title: 'Rollouts',
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    rolloutsApi,
    entityRolloutsContent,
    entityMLModelsCard,
    rolloutsPage,
    mlModelsPage,
  ],
  routes: {
    root: rolloutsRouteRef,
    mlModels: mlModelsRouteRef,
  },
});
