import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntitySizingResponse,
  NodeGroupsResponse,
  ServicesCapacityResponse,
} from '@supply-chain/plugin-capacity-common';

/** The capacity backend, for the browser. @public */
export interface CapacityApi {
  /** `GET /api/capacity/entity?entityRef=…`: one entity's sizing. */
  getEntitySizing(entityRef: string): Promise<EntitySizingResponse>;
  /**
   * `GET /api/capacity/services`: every service with Kubernetes annotations
   * the user may read, its cost and waste, with totals per team, system and
   * node group.
   */
  getServicesCapacity(): Promise<ServicesCapacityResponse>;
  /**
   * `GET /api/capacity/node-groups`: per cluster and node group, requested and
   * used as shares of the allocatable, and the monthly price (aggregates only).
   */
  getNodeGroups(): Promise<NodeGroupsResponse>;
}

/** @public */
export const capacityApiRef = createApiRef<CapacityApi>({
  id: 'plugin.capacity.service',
});
