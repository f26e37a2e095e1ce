/**
 * @packageDocumentation
 * Backend of the service-boundaries plugin family: service boundaries,
 * boundary maps, drift between catalog and clusters, who-owns lookups and
 * unowned workloads. Its cluster facts come through
 * `clusterFactsSourceServiceRef` of `@supply-chain/plugin-service-boundaries-node`.
 */
export { serviceBoundariesPlugin as default } from './plugin';
export { ServiceBoundariesService } from './services/ServiceBoundariesService';
