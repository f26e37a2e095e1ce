import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rolloutsApiFactory } from './apiFactory';
import {
  entityRolloutsRouteRef,
  mlModelsRouteRef,
  rolloutsRouteRef,
} from './routes';

/**
 * The rollouts plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const rolloutsPlugin = createPlugin({
  id: 'rollouts',
  apis: [rolloutsApiFactory],
  routes: {
    root: rolloutsRouteRef,
    mlModels: mlModelsRouteRef,
    entityContent: entityRolloutsRouteRef,
  },
});

/**
 * The "Rollouts" tab of an entity page: Deployments, revisions, pods, HPA,
 * traffic split and actions, per cluster.
 *
 * @public
 */
export const EntityRolloutsContent = rolloutsPlugin.provide(
  createRoutableExtension({
    name: 'EntityRolloutsContent',
    component: () =>
      import('./components/EntityRolloutsContent').then(
        m => m.EntityRolloutsContent,
      ),
    mountPoint: entityRolloutsRouteRef,
  }),
);

/**
 * The "ML models" card of an entity page.
 *
 * @public
 */
export const EntityMLModelsCard = rolloutsPlugin.provide(
  createComponentExtension({
    name: 'EntityMLModelsCard',
    component: {
      lazy: () =>
        import('./components/EntityMLModelsCard').then(
          m => m.EntityMLModelsCard,
        ),
    },
  }),
);

/**
 * The "Rollouts" page: every service's rollouts, what is rolling out and what is stuck.
 *
 * @public
 */
export const RolloutsPage = rolloutsPlugin.provide(
  createRoutableExtension({
    name: 'RolloutsPage',
    component: () =>
      import('./components/RolloutsPage').then(m => m.RolloutsPage),
    mountPoint: rolloutsRouteRef,
  }),
);

/**
 * The "ML models" page: every MLModel in every cluster with its owning team.
 *
 * @public
 */
export const MLModelsPage = rolloutsPlugin.provide(
  createRoutableExtension({
    name: 'MLModelsPage',
    component: () =>
      import('./components/MLModelsPage').then(m => m.MLModelsPage),
    mountPoint: mlModelsRouteRef,
  }),
);
