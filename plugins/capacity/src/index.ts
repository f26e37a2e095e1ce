/**
 * Capacity views of the supply-chain portal: the entity tab "Capacity" with
 * each Deployment's requests, limits, usage, the VPA's recommendation and
 * verdict, and the HPA's headroom. The new frontend system's plugin is the
 * default export of `./alpha`.
 *
 * @packageDocumentation
 */
export { EntityCapacityContent, capacityPlugin } from './plugin';
export { capacityApiRef, CapacityClient } from './api';
export type { CapacityApi } from './api';
