import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { capacityPageRouteRef } from '../routes';
import { capacityApi } from './apis';
import { entityCapacityContent } from './entityContents';
import { capacityPage } from './pages';

/**
 * The capacity plugin for the new frontend system.
 *
 * @alpha
 */
export const capacityPlugin = createFrontendPlugin({
  pluginId: 'capacity',
  title: 'Capacity',
  info: { packageJson: () => import('../../package.json') },
  extensions: [capacityApi, entityCapacityContent, capacityPage],
  routes: { root: capacityPageRouteRef },
});
