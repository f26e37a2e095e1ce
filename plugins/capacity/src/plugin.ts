import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { capacityApiFactory } from './apiFactory';
import { entityCapacityRouteRef } from './routes';

/**
 * The capacity plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const capacityPlugin = createPlugin({
  id: 'capacity',
  apis: [capacityApiFactory],
  routes: { entityContent: entityCapacityRouteRef },
});

/**
 * The "Capacity" tab of an entity page: per Deployment and container the
 * requests, limits, usage and the VPA's recommendation with a verdict, and
 * the HPA's headroom.
 *
 * @public
 */
export const EntityCapacityContent = capacityPlugin.provide(
  createRoutableExtension({
    name: 'EntityCapacityContent',
    component: () =>
      import('./components/EntityCapacityContent').then(
        m => m.EntityCapacityContent,
      ),
    mountPoint: entityCapacityRouteRef,
  }),
);
