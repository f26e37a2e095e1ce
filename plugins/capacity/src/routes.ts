import { createRouteRef } from '@backstage/core-plugin-api';

/** The "Capacity" tab of an entity page. */
export const entityCapacityRouteRef = createRouteRef({
  id: 'capacity-entity-content',
});

/** The "Capacity" page across services. */
export const capacityPageRouteRef = createRouteRef({ id: 'capacity-page' });
