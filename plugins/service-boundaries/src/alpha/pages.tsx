import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { RiUserSearchLine } from '@remixicon/react';
import { whoOwnsRouteRef } from '../routes';

/** The "Who owns…?" page at /who-owns. */
export const whoOwnsPage = PageBlueprint.make({
  params: {
    path: '/who-owns',
    title: 'Who owns…?',
    // A page with a route ref and an icon gets an entry in the app's sidebar.
    icon: <RiUserSearchLine />,
    routeRef: whoOwnsRouteRef,
    loader: () =>
      import('../components/WhoOwnsPage').then(m => <m.WhoOwnsPage />),
  },
});
