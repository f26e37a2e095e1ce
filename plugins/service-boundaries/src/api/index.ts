export { serviceBoundariesApiRef } from './ServiceBoundariesApi';
export type {
  OwnershipBatchAnswer,
  ServiceBoundariesApi,
} from './ServiceBoundariesApi';
export { ServiceBoundariesClient } from './ServiceBoundariesClient';
