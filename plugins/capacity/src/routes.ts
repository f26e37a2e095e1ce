import { createRouteRef } from '@backstage/core-plugin-api';

/** The "Capacity" tab of an entity page. */
export const entityCapacityRouteRef = createRouteRef({
  id: 'capacity-entity-content',
});
