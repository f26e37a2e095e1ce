import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { serviceBoundariesApiFactory } from './apiFactory';
import { whoOwnsRouteRef } from './routes';

/**
 * The service-boundaries plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const serviceBoundariesPlugin = createPlugin({
  id: 'service-boundaries',
  apis: [serviceBoundariesApiFactory],
  routes: { root: whoOwnsRouteRef },
});

/**
 * "Service boundaries" card of a component page.
 *
 * @public
 */
export const EntityServiceBoundariesCard = serviceBoundariesPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceBoundariesCard',
    component: {
      lazy: () =>
        import('./components/EntityServiceBoundariesCard').then(
          m => m.EntityServiceBoundariesCard,
        ),
    },
  }),
);

/**
 * "Boundary map" content of a system or domain page.
 *
 * @public
 */
export const EntityBoundaryMapContent = serviceBoundariesPlugin.provide(
  createComponentExtension({
    name: 'EntityBoundaryMapContent',
    component: {
      lazy: () =>
        import('./components/EntityBoundaryMapContent').then(
          m => m.EntityBoundaryMapContent,
        ),
    },
  }),
);

/**
 * The "Who owns…?" page, with the drift report and unowned workloads.
 *
 * @public
 */
export const WhoOwnsPage = serviceBoundariesPlugin.provide(
  createRoutableExtension({
    name: 'WhoOwnsPage',
    component: () =>
      import('./components/WhoOwnsPage').then(m => m.WhoOwnsPage),
    mountPoint: whoOwnsRouteRef,
  }),
);
