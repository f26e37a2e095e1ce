import type {
  ArgoAnalysisRunObject,
  ArgoRolloutObject,
  AuthorizationPolicyObject,
  ClusterHealth,
  ConfigMapObject,
  DeploymentObject,
  DestinationRuleObject,
  HorizontalPodAutoscalerObject,
  LabelSelector,
  MLModelObject,
  PodObject,
  ReplicaSetObject,
  VirtualServiceObject,
  WatchedKind,
} from '@supply-chain/plugin-rollouts-common';

/** Narrows a list: by namespace and/or label selector. @public */
export interface ObjectFilter {
  namespace?: string;
  labelSelector?: LabelSelector;
}

/** A change seen by the watch cache. @public */
export type ClusterCacheChange =
  | {
      cluster: string;
      kind: WatchedKind;
      type: 'ADDED' | 'MODIFIED' | 'DELETED';
      /** the (slim) object after the change, or the last known one for DELETED */
      object: {
        metadata: {
          name: string;
          namespace?: string;
          labels?: Record<string, string>;
        };
      } & Record<string, any>;
    }
  | { cluster: string; kind: 'Cluster'; type: 'HEALTH' };

/**
 * Read-only view of the shared cluster watch cache: one list+watch per resource
 * kind per cluster, shared by every backend plugin that depends on
 * `rolloutsClusterCacheServiceRef`. Objects are slimmed (no managedFields, no full
 * pod specs) and must not be mutated.
 * @public
 */
export interface RolloutsClusterCacheService {
  /** every configured cluster with its health */
  listClusters(): ClusterHealth[];
  getClusterHealth(cluster: string): ClusterHealth | undefined;
  listDeployments(cluster: string, filter?: ObjectFilter): DeploymentObject[];
  getDeployment(
    cluster: string,
    namespace: string,
    name: string,
  ): DeploymentObject | undefined;
  listReplicaSets(cluster: string, filter?: ObjectFilter): ReplicaSetObject[];
  listPods(cluster: string, filter?: ObjectFilter): PodObject[];
  listHorizontalPodAutoscalers(
    cluster: string,
    filter?: ObjectFilter,
  ): HorizontalPodAutoscalerObject[];
  listMLModels(cluster: string, filter?: ObjectFilter): MLModelObject[];
  listVirtualServices(
    cluster: string,
    filter?: ObjectFilter,
  ): VirtualServiceObject[];
  listDestinationRules(
    cluster: string,
    filter?: ObjectFilter,
  ): DestinationRuleObject[];
  listAuthorizationPolicies(
    cluster: string,
    filter?: ObjectFilter,
  ): AuthorizationPolicyObject[];
  /** Argo Rollouts (argoproj.io/v1alpha1), when the cluster serves them; optional for caches that do not watch them */
  listArgoRollouts?(
    cluster: string,
    filter?: ObjectFilter,
  ): ArgoRolloutObject[];
  /** Argo Rollouts' AnalysisRuns, when the cluster serves them */
  listAnalysisRuns?(
    cluster: string,
    filter?: ObjectFilter,
  ): ArgoAnalysisRunObject[];
  /** ConfigMaps the cache keeps by name (`rollouts.configMapNames`), from every namespace */
  listConfigMaps(cluster: string, name: string): ConfigMapObject[];
  /** is this kind watched in this cluster? (custom resources only when their CRDs exist) */
  isWatching(cluster: string, kind: WatchedKind): boolean;
  /** called for every object change and every cluster health change; returns unsubscribe */
  subscribe(listener: (change: ClusterCacheChange) => void): () => void;
  /** resolves once every cluster has finished its first list, or after timeoutMs */
  waitForSync(timeoutMs?: number): Promise<void>;
}

/**
 * Writes and fresh reads against a cluster, with the rollout actions' own
 * write credential (`rollouts.actions.clusters`). Only for the rollouts
 * backend's guarded actions.
 * @public
 */
export interface RolloutsClusterClientService {
  /** the clusters that have a write credential for the actions */
  clusterNames(): string[];
  request<T = any>(
    cluster: string,
    method: 'GET' | 'PATCH' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<T>;
}
