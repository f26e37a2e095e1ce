import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { whoOwnsRouteRef } from '../routes';

/** The "Who owns…?" page at /who-owns. */
export const whoOwnsPage = PageBlueprint.make({
  params: {
    path: '/who-owns',
    title: 'Who owns…?',
    routeRef: whoOwnsRouteRef,
    loader: () =>
      import('../components/WhoOwnsPage').then(m => <m.WhoOwnsPage />),
  },
});
