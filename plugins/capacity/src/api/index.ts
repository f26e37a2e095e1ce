export { capacityApiRef } from './CapacityApi';
export type { CapacityApi } from './CapacityApi';
export { CapacityClient } from './CapacityClient';
