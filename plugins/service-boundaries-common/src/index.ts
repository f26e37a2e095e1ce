/**
 * @packageDocumentation
 * Types, permissions and pure logic of the service-boundaries plugin family:
 * service boundaries, boundary maps, drift between catalog and cluster,
 * identifier classification and ownership resolution.
 */
export * from './types';
export * from './permissions';
export * from './annotations';
export {
  CATALOG_INDEX_QUERY,
  CatalogIndex,
  entityRefOf,
  normalizeEntityRef,
} from './catalogIndex';
export type { LinkType } from './catalogIndex';
export {
  buildServiceBoundary,
  dependentsOf,
  responsibilitiesOf,
} from './boundary/serviceBoundary';
export { buildBoundaryMap } from './boundary/boundaryMap';
export {
  parseServiceBoundaryText,
  responsibilitiesFromConfigMapText,
} from './drift/serviceBoundariesConfigMap';
export {
  formatIstioPrincipal,
  parseIstioPrincipal,
  principalPatternMatches,
} from './drift/istioPrincipal';
export {
  compareResponsibilities,
  computeDrift,
  policyTargets,
} from './drift/computeDrift';
export type { ComputeDriftOptions } from './drift/computeDrift';
export {
  CATALOG_KINDS,
  WORKLOAD_KINDS,
  classifyIdentifier,
} from './ownership/classifyIdentifier';
export {
  entitiesClaimingWorkload,
  componentsForServiceAccount,
  isOnKubernetes,
  kubernetesPlacement,
  serviceAccountsOf,
} from './ownership/kubernetesClaims';
export type {
  Claim,
  ComponentServiceAccount,
  KubernetesPlacement,
} from './ownership/kubernetesClaims';
export { resolveOwnership } from './ownership/resolveOwnership';
export {
  DEFAULT_IGNORED_NAMESPACES,
  findUnownedWorkloads,
} from './ownership/unownedWorkloads';
export {
  SERVICE_BOUNDARIES_CONFIGMAP,
  clusterFactsFromObjects,
  mergeClusterFacts,
} from './drift/clusterFactsFromObjects';
export type { KubernetesObjectLike } from './drift/clusterFactsFromObjects';
