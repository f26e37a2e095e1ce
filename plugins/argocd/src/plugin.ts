import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { argocdApiFactory } from './apiFactory';
import { entityArgoCdRouteRef } from './routes';

/**
 * The Argo CD plugin for apps on the legacy frontend system.
 * @public
 */
export const argocdPlugin = createPlugin({
  id: 'argocd',
  apis: [argocdApiFactory],
  routes: { entityContent: entityArgoCdRouteRef },
});

/**
 * Overview card: sync and health chips, revision with commit message, last
 * synced, link to Argo CD, Sync/Refresh for permitted users.
 * @public
 */
export const EntityArgoCdOverviewCard = argocdPlugin.provide(
  createComponentExtension({
    name: 'EntityArgoCdOverviewCard',
    component: {
      lazy: () =>
        import('./components/ArgoCdOverviewCard').then(
          m => m.ArgoCdOverviewCard,
        ),
    },
  }),
);

/**
 * Deployment history card.
 * @public
 */
export const EntityArgoCdHistoryCard = argocdPlugin.provide(
  createComponentExtension({
    name: 'EntityArgoCdHistoryCard',
    component: {
      lazy: () =>
        import('./components/EntityArgoCdHistoryCard').then(
          m => m.EntityArgoCdHistoryCard,
        ),
    },
  }),
);

/**
 * The "Argo CD" tab: history and the resources that are out of sync or not healthy.
 * @public
 */
export const EntityArgoCdContent = argocdPlugin.provide(
  createRoutableExtension({
    name: 'EntityArgoCdContent',
    component: () =>
      import('./components/EntityArgoCdContent').then(
        m => m.EntityArgoCdContent,
      ),
    mountPoint: entityArgoCdRouteRef,
  }),
);
