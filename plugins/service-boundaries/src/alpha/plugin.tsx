import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { whoOwnsRouteRef } from '../routes';
import { serviceBoundariesApi } from './apis';
import {
  entityBoundaryMapContent,
  entityServiceBoundariesCard,
} from './entityContents';
import { whoOwnsPage } from './pages';

/**
 * The service-boundaries plugin for the new frontend system.
 *
 * @alpha
 */
export const serviceBoundariesPlugin = createFrontendPlugin({
  pluginId: 'service-boundaries',
  title: 'Service boundaries',
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    serviceBoundariesApi,
    entityServiceBoundariesCard,
    entityBoundaryMapContent,
    whoOwnsPage,
  ],
  routes: { root: whoOwnsRouteRef },
});
