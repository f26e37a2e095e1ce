import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { RiBrainLine, RiRocketLine } from '@remixicon/react';
import { mlModelsRouteRef, rolloutsRouteRef } from '../routes';

/** "Rollouts" across all services. */
export const rolloutsPage = PageBlueprint.make({
  params: {
    path: '/rollouts',
    title: 'Rollouts',
    // A page with a route ref and an icon gets an entry in the app's sidebar.
    icon: <RiRocketLine />,
    routeRef: rolloutsRouteRef,
    loader: () =>
      import('../components/RolloutsPage').then(m => (
        <m.RolloutsPage withHeader={false} />
      )),
  },
});

/** "ML models" across clusters. */
export const mlModelsPage = PageBlueprint.make({
  name: 'ml-models',
  params: {
    path: '/ml-models',
    title: 'ML models',
    icon: <RiBrainLine />,
    routeRef: mlModelsRouteRef,
    loader: () =>
      import('../components/MLModelsPage').then(m => (
        <m.MLModelsPage withHeader={false} />
      )),
  },
});
