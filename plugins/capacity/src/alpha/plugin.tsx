import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { capacityApi } from './apis';
import { entityCapacityContent } from './entityContents';

/**
 * The capacity plugin for the new frontend system.
 *
 * @alpha
 */
export const capacityPlugin = createFrontendPlugin({
  pluginId: 'capacity',
  title: 'Capacity',
  info: { packageJson: () => import('../../package.json') },
  extensions: [capacityApi, entityCapacityContent],
});
