/**
 * The slimmed-down Kubernetes objects the rollouts watch cache keeps (no
 * managedFields, no full pod specs, no env or volumes) and the pure status
 * functions of this package read. Full `@kubernetes/client-node` objects are
 * structurally compatible once timestamps are ISO strings.
 */

/** @public */
export interface OwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

/** @public */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

/** @public */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

/** @public */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** @public */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** A container's resource requests and limits, as the apiserver sends them (capacity reads them). @public */
export interface ContainerResources {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

/** A pod's toleration (capacity's placement reads them). @public */
export interface PodTolerationSummary {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Only what the portal shows of a pod template: labels, annotations, container names, images and resources. @public */
export interface PodTemplateSummary {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    /** the ServiceAccount the pods run as (service-boundaries drift reads it) */
    serviceAccountName?: string;
    containers: Array<{
      name: string;
      image?: string;
      resources?: ContainerResources;
    }>;
  };
}

/** @public */
export interface DeploymentObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    paused?: boolean;
    selector: LabelSelector;
    minReadySeconds?: number;
    progressDeadlineSeconds?: number;
    revisionHistoryLimit?: number;
    strategy?: {
      type?: 'RollingUpdate' | 'Recreate' | string;
      rollingUpdate?: {
        maxSurge?: number | string;
        maxUnavailable?: number | string;
      };
    };
    template: PodTemplateSummary;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
  };
}

/** @public */
export interface ReplicaSetObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSummary;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
  };
}

/** @public */
export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number };
}

/** @public */
export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image?: string;
  started?: boolean;
  state?: ContainerState;
  lastState?: ContainerState;
}

/** @public */
export interface PodObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  /**
   * Only what the portal reads of a pod spec: the node, and for capacity the
   * containers' and init containers' resources (a pod's request as the
   * scheduler counts it), the pod overhead and the tolerations.
   */
  spec?: {
    nodeName?: string;
    containers?: Array<{ name: string; resources?: ContainerResources }>;
    initContainers?: Array<{
      name: string;
      /** `Always` makes it a sidecar */
      restartPolicy?: string;
      resources?: ContainerResources;
    }>;
    /** the RuntimeClass's pod overhead */
    overhead?: Record<string, string | number>;
    tolerations?: PodTolerationSummary[];
  };
  status?: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown' | string;
    reason?: string;
    message?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    startTime?: string;
  };
}

/** One `autoscaling/v2` metric source or status, kept as the apiserver sends it. @public */
export interface HpaMetric {
  type:
    | 'Resource'
    | 'ContainerResource'
    | 'Pods'
    | 'Object'
    | 'External'
    | string;
  resource?: { name: string; target?: MetricTarget; current?: MetricValue };
  containerResource?: {
    name: string;
    container: string;
    target?: MetricTarget;
    current?: MetricValue;
  };
  pods?: {
    metric: { name: string };
    target?: MetricTarget;
    current?: MetricValue;
  };
  object?: {
    metric: { name: string };
    describedObject?: { kind: string; name: string; apiVersion?: string };
    target?: MetricTarget;
    current?: MetricValue;
  };
  external?: {
    metric: { name: string };
    target?: MetricTarget;
    current?: MetricValue;
  };
}

/** @public */
export interface MetricTarget {
  type: 'Utilization' | 'Value' | 'AverageValue' | string;
  averageUtilization?: number;
  averageValue?: string | number;
  value?: string | number;
}

/** @public */
export interface MetricValue {
  averageUtilization?: number;
  averageValue?: string | number;
  value?: string | number;
}

/** @public */
export interface HorizontalPodAutoscalerObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: HpaMetric[];
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: HpaMetric[];
    conditions?: Condition[];
    lastScaleTime?: string;
  };
}

/** @public */
export interface IstioRouteDestination {
  destination: { host: string; subset?: string; port?: { number?: number } };
  weight?: number;
}

/** @public */
export interface IstioHttpRoute {
  name?: string;
  match?: Array<Record<string, unknown>>;
  route?: IstioRouteDestination[];
}

/** `networking.istio.io` VirtualService, only hosts and http routes. @public */
export interface VirtualServiceObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    hosts?: string[];
    http?: IstioHttpRoute[];
  };
}

/** `networking.istio.io` DestinationRule, only host and subsets. @public */
export interface DestinationRuleObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    host: string;
    subsets?: Array<{ name: string; labels?: Record<string, string> }>;
  };
}

/** `security.istio.io` AuthorizationPolicy, kept for the service-boundaries plugin. @public */
export interface AuthorizationPolicyObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    action?: string;
    selector?: { matchLabels?: Record<string, string> };
    rules?: Array<Record<string, unknown>>;
  };
}

/** A ConfigMap with its data (the service-boundaries ConfigMap). @public */
export interface ConfigMapObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

/** An `ml.supplychain.io/v1` MLModel as stored; its spec is checked by `parseMLModel`. @public */
export interface MLModelObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}
