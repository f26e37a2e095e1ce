/**
 * Node library of the service-boundaries family: the portal's one rule for
 * who may write a cluster object or an Argo CD application, decided from
 * trusted catalog sources (docs/SECURITY.md).
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
