import { createApiRef } from '@backstage/core-plugin-api';
import type { EntitySizingResponse } from '@supply-chain/plugin-capacity-common';

/** The capacity backend, for the browser. @public */
export interface CapacityApi {
  /** `GET /api/capacity/entity?entityRef=…`: one entity's sizing. */
  getEntitySizing(entityRef: string): Promise<EntitySizingResponse>;
}

/** @public */
export const capacityApiRef = createApiRef<CapacityApi>({
  id: 'plugin.capacity.service',
});
