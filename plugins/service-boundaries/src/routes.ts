import { createRouteRef } from '@backstage/core-plugin-api';

/** The "Who owns…?" page. */
export const whoOwnsRouteRef = createRouteRef({ id: 'service-boundaries' });
