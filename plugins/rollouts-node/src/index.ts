/**
 * Node library of the rollouts plugin family: the shared cluster watch cache
 * (`rolloutsClusterCacheServiceRef`) that every backend plugin reuses, and the
 * cluster client of the rollouts backend.
 *
 * @packageDocumentation
 */
export * from './types';
export {
  rolloutsClusterCacheServiceRef,
  rolloutsClusterClientServiceRef,
} from './refs';
export { DefaultRolloutsClusterCache } from './cache/DefaultRolloutsClusterCache';
export type { DefaultRolloutsClusterCacheOptions } from './cache/DefaultRolloutsClusterCache';
export {
  readClusterLocatorMethods,
  acceptCatalogCluster,
  authProviderOf,
  defaultAuthStrategies,
  ServiceAccountTokenStrategy,
  NoCredentialStrategy,
} from './clusters/ClusterConnection';
export type {
  ClusterLocatorResult,
  CatalogClusterOptions,
  CatalogClusterDecision,
} from './clusters/ClusterConnection';
export { RolloutActionsClient } from './clusters/RolloutActionsClient';
export {
  KubernetesHttpClient,
  KubernetesRequestError,
} from './clusters/KubernetesHttpClient';
export type { WatchEvent, WatchHandle } from './clusters/KubernetesHttpClient';
export {
  KubernetesApiError,
  KubernetesApplyClient,
} from './clusters/KubernetesApplyClient';
export type { ApplyObject } from './clusters/KubernetesApplyClient';
export {
  entityObjectFilter,
  filterMatches,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_KUBERNETES_CLUSTER,
} from './entity/entityFilter';
export type { EntityObjectFilter } from './entity/entityFilter';
