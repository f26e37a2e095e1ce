/**
 * The REST API of the rollouts backend (pluginId `rollouts`), shared by the
 * backend and the frontend.
 */
import type { ArgoRolloutView } from './argoRollouts';

/** How the portal's watch of one cluster is doing. @public */
export type ClusterSyncStatus = 'synced' | 'degraded' | 'unreachable';

/** @public */
export interface ClusterHealth {
  /** cluster name from `kubernetes.clusterLocatorMethods` */
  name: string;
  status: ClusterSyncStatus;
  /** ISO time of the last successful list or watch event from this cluster */
  lastSyncTime?: string;
  /** ISO time since when the cluster is in its current status */
  since: string;
  /** why the cluster is degraded or unreachable, in words; no secrets */
  error?: string;
  /** per resource kind: 'synced' once listed and watching, else the failure */
  resources?: Array<{
    kind: WatchedKind;
    status: ClusterSyncStatus;
    error?: string;
  }>;
}

/** The resource kinds the watch cache lists and watches. @public */
export type WatchedKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'Pod'
  | 'HorizontalPodAutoscaler'
  | 'MLModel'
  | 'VirtualService'
  | 'DestinationRule'
  | 'AuthorizationPolicy'
  | 'ConfigMap'
  | 'Rollout'
  | 'AnalysisRun';

/** @public */
export interface ClustersResponse {
  clusters: ClusterHealth[];
}

/**
 * Phase of a Deployment rollout, in agreement with `kubectl rollout status`:
 * complete = "successfully rolled out"; progressing = "Waiting for ..."
 * (spec not yet observed, new replicas updating, old replicas terminating,
 * updated replicas not yet available); stalled = Progressing condition reason
 * ProgressDeadlineExceeded; paused = spec.paused; failing = pods of the new
 * revision in CrashLoopBackOff, ImagePullBackOff or OOMKilled.
 * @public
 */
export type RolloutPhase =
  | 'complete'
  | 'progressing'
  | 'paused'
  | 'stalled'
  | 'failing';

/** What is wrong with a pod, in words a developer recognises. @public */
export type PodProblem =
  | 'CrashLoopBackOff'
  | 'ImagePullBackOff'
  | 'OOMKilled'
  | 'Unschedulable'
  | 'ReadinessFailing'
  | 'ContainerCreating'
  | 'Terminating'
  | 'Error';

/** @public */
export interface PodRollout {
  name: string;
  /** pod phase as the apiserver reports it (Pending, Running, ...) */
  phase: string;
  ready: boolean;
  /** sum of container restarts */
  restarts: number;
  /** what is wrong, if anything */
  reason?: PodProblem;
  /** the reason in words, e.g. "container api is restarting after crashing (CrashLoopBackOff), 5 restarts" */
  message?: string;
  nodeName?: string;
  createdAt?: string;
}

/** @public */
export interface RevisionPods {
  revision: number;
  pods: PodRollout[];
}

/** One ReplicaSet of a Deployment = one revision. @public */
export interface RolloutRevision {
  revision: number;
  /** ReplicaSet name */
  replicaSet: string;
  images: string[];
  /** the pod template's `version` label (the Istio subset key), if any */
  version?: string;
  createdAt?: string;
  replicas: number;
  readyReplicas: number;
  /** the revision the Deployment rolls out now */
  current: boolean;
  /** the revision before the current one (what `kubectl rollout undo` returns to) */
  previous: boolean;
  /** `kubernetes.io/change-cause` annotation, if set */
  changeCause?: string;
}

/** @public */
export interface HpaMetricStatus {
  /** e.g. cpu, memory, http_requests_per_second */
  name: string;
  /** Resource, ContainerResource, Pods, Object or External */
  type: string;
  /** e.g. "85%", "120", or undefined when no value is reported */
  current?: string;
  /** e.g. "70%", "100" */
  target: string;
  /** true when the current value is above the target */
  aboveTarget?: boolean;
}

/** @public */
export interface HpaStatus {
  name: string;
  min: number;
  max: number;
  current: number;
  desired: number;
  metrics: HpaMetricStatus[];
  /** true when the HPA would want more (or fewer) replicas than max (min) allows */
  capped: boolean;
  /** e.g. "desired replicas clamped to maxReplicas 20: cpu 180% above target 70%" */
  cappedReason?: string;
  /** ScalingActive False etc., in words */
  problems: string[];
}

/** @public */
export interface TrafficSplitEntry {
  /** DestinationRule subset name */
  subset: string;
  /** the subset's `version` label */
  version?: string;
  /** percent of the route's traffic */
  weight: number;
  /** undefined for the default route; a description of the match for conditional routes (e.g. "headers version=v2") */
  condition?: string;
  /** the revisions of this Deployment whose pods the subset selects */
  revisions?: number[];
}

/** @public */
export interface DeploymentRollout {
  cluster: string;
  namespace: string;
  name: string;
  desiredReplicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  /** status.replicas: all pods of all revisions */
  totalReplicas: number;
  generation: number;
  observedGeneration: number;
  strategy: {
    type: string;
    maxSurge?: string;
    maxUnavailable?: string;
  };
  paused: boolean;
  phase: RolloutPhase;
  /** kubectl-style message, e.g. 'Waiting for deployment "x" rollout to finish: 1 out of 3 new replicas have been updated...' */
  phaseMessage: string;
  /** current revision number (0 when no ReplicaSet exists yet) */
  revision: number;
  /** newest first */
  revisions: RolloutRevision[];
  /** newest revision first */
  podsByRevision: RevisionPods[];
  hpa?: HpaStatus;
  /** present when an Istio VirtualService routes this workload by subset */
  trafficSplit?: TrafficSplitEntry[];
  /** the VirtualService that carries the split */
  virtualService?: string;
  labels: Record<string, string>;
  createdAt?: string;
  /** who may change it through the portal, and whether more than one entity claims it */
  ownership?: WorkloadOwnership;
}

/**
 * Write ownership of a workload as the platform decides it (docs/SECURITY.md):
 * `writer` is the one entity whose actions may change it.
 * @public
 */
export interface WorkloadOwnership {
  writer?: string;
  /** every entity in whose name portal actions on it are allowed (the writer first among equals) */
  writers: string[];
  /** more than one entity claims the workload */
  contested: boolean;
  /** in words: who it belongs to, or why nobody may write it */
  reason: string;
  claims: Array<{ entityRef: string; claimedBy: string; trusted: boolean }>;
}

/** One cluster's part of an entity's rollouts. @public */
export interface ClusterRollouts {
  name: string;
  status: ClusterSyncStatus;
  lastSyncTime?: string;
  /** the cluster's error when degraded or unreachable */
  error?: string;
  /** since when the cluster is in this status */
  since: string;
  deployments: DeploymentRollout[];
  /** the entity's Argo Rollouts (argoproj.io/v1alpha1), when the cluster serves them */
  argoRollouts?: ArgoRolloutView[];
}

/** GET /entity/:kind/:namespace/:name/rollouts @public */
export interface EntityRolloutsResponse {
  entityRef: string;
  /** the signal channel that announces changes of this entity's objects */
  channel: string;
  clusters: ClusterRollouts[];
}

/** GET /entity/:kind/:namespace/:name/deployments/:cluster/:namespace/:deployment @public */
export interface DeploymentRolloutResponse {
  entityRef: string;
  cluster: ClusterHealth;
  deployment: DeploymentRollout;
}

/** @public */
export type MLModelDeploymentStatus =
  | 'pending'
  | 'deploying'
  | 'ready'
  | 'failed';

/** @public */
export interface MLModelSpec {
  modelName: string;
  modelVersion?: string;
  framework?: string;
  resourceRequirements?: { memory?: string; cpu?: string; gpu?: string };
  replicas?: number;
}

/** @public */
export interface MLModelStatus {
  cluster: string;
  namespace: string;
  name: string;
  /** the spec as far as it could be read; fields that broke the CRD schema are left out */
  spec: Partial<MLModelSpec>;
  status: {
    deploymentStatus?: MLModelDeploymentStatus | string;
    endpoint?: string;
    lastUpdated?: string;
    /** failure reason from the operator's `ml.supplychain.io/failure-reason` annotation */
    reason?: string;
  };
  /** false when spec or status break the CRD schema */
  valid: boolean;
  /** each names the offending field, e.g. 'spec.replicas: must be at most 10 (got 12)' */
  problems: string[];
  /** true when the operator has not reported for too long, or not at all */
  stale: boolean;
  createdAt?: string;
  labels: Record<string, string>;
  /**
   * Set on the cluster-wide list (GET /mlmodels): the first catalog entity the
   * caller can read whose Kubernetes annotations select the model.
   */
  selectedBy?: OverviewEntity;
}

/** GET /entity/.../mlmodels and GET /mlmodels @public */
export interface MLModelsResponse {
  clusters: Array<Omit<ClusterRollouts, 'deployments'>>;
  models: MLModelStatus[];
  /**
   * Set on the cluster-wide list when it holds only the models claimed by
   * catalog entities the caller can read (everyone but the platform team).
   */
  onlyClaimed?: boolean;
}

/** Identifies a Deployment in an action body. @public */
export interface DeploymentTarget {
  cluster: string;
  namespace: string;
  name: string;
}

/** POST /entity/:kind/:namespace/:name/actions/restart @public */
export type RestartRequest = DeploymentTarget;

/** POST /entity/:kind/:namespace/:name/actions/pause and /actions/resume @public */
export type PauseRequest = DeploymentTarget;

/** POST /entity/:kind/:namespace/:name/actions/undo @public */
export interface UndoRequest extends DeploymentTarget {
  /** the revision to return to; must be a revision of this Deployment */
  toRevision: number;
}

/** POST /entity/:kind/:namespace/:name/actions/scale @public */
export interface ScaleRequest extends DeploymentTarget {
  replicas: number;
}

/** What every action answers. @public */
export interface RolloutActionResponse {
  action: 'restart' | 'pause' | 'resume' | 'undo' | 'scale';
  target: DeploymentTarget;
  /** in words, e.g. 'deployment "x" rolled back to revision 3' */
  message: string;
}

/** Signal payload on an entity channel. @public */
export interface RolloutsSignal {
  type: 'changed';
  entityRef: string;
  clusters: string[];
}

/** What an overview page shows of a catalog entity. @public */
export interface OverviewEntity {
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** spec.owner as the catalog holds it, e.g. "group:default/inventory-team" */
  owner?: string;
  /** spec.system as the catalog holds it */
  system?: string;
}

/** One Deployment as the Rollouts page lists it. @public */
export type DeploymentRolloutSummary = Pick<
  DeploymentRollout,
  | 'cluster'
  | 'namespace'
  | 'name'
  | 'phase'
  | 'phaseMessage'
  | 'desiredReplicas'
  | 'updatedReplicas'
  | 'readyReplicas'
  | 'revision'
>;

/** One entity of the org-wide Rollouts page. @public */
export interface RolloutsOverviewEntity {
  entityRef: string;
  entity: OverviewEntity;
  /** as in GET /entity/.../rollouts, each Deployment summarised */
  clusters: Array<
    Omit<ClusterRollouts, 'deployments'> & {
      deployments: DeploymentRolloutSummary[];
    }
  >;
  /**
   * Why this entity's rollouts could not be read (the others still were), in
   * the shape of Backstage's error response body.
   */
  error?: {
    error: { name: string; message: string };
    response: { statusCode: number };
  };
}

/**
 * GET /overview/rollouts: the rollouts of every catalog entity the caller can
 * read that carries the Kubernetes annotations, in catalog order.
 * @public
 */
export interface RolloutsOverviewResponse {
  entities: RolloutsOverviewEntity[];
}
