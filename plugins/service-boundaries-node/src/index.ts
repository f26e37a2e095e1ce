/**
 * Node library of the service-boundaries family: the portal's one rule for
 * who may write a cluster object or an Argo CD application, decided from
 * trusted catalog sources (docs/SECURITY.md), and where the service-boundaries
 * backend reads its cluster facts (`clusterFactsSourceServiceRef`).
 *
 * @packageDocumentation
 */
export { writeOwnershipServiceRef } from './refs';
export { WriteOwnershipService } from './WriteOwnershipService';
export { TrustedSources } from './trustedSources';
export { mayReadUnclaimed } from './mayReadUnclaimed';
export {
  workloadWriteOwnership,
  argoCdApplicationWriteOwnership,
  assertWriter,
} from './writeOwnership';
export type {
  WorkloadTarget,
  ArgoCdApplicationTarget,
  ClaimedBy,
  OwnershipClaim,
  WriteOwnership,
} from './writeOwnership';
export { clusterFactsSourceServiceRef } from './refs';
export { UnavailableClusterFactsSource } from './clusterFacts/ClusterFactsSource';
export type { ClusterFactsSource } from './clusterFacts/ClusterFactsSource';
export { RolloutsCacheClusterFactsSource } from './clusterFacts/RolloutsCacheClusterFactsSource';
