/**
 * @packageDocumentation
 * Backend of the service-boundaries plugin family: service boundaries,
 * boundary maps, drift between catalog and clusters, who-owns lookups and
 * unowned workloads.
 */
export { serviceBoundariesPlugin as default } from './plugin';
export {
  clusterFactsSourceServiceRef,
  UnavailableClusterFactsSource,
} from './services/ClusterFactsSource';
export type { ClusterFactsSource } from './services/ClusterFactsSource';
export { ServiceBoundariesService } from './services/ServiceBoundariesService';
export { RolloutsCacheClusterFactsSource } from './services/RolloutsCacheClusterFactsSource';
