/** The two resources a VPA sizes. @public */
export type SizedResource = 'cpu' | 'memory';

/** cpu in cores, memory in bytes; a resource is absent when not set. @public */
export type ResourceAmounts = Partial<Record<SizedResource, number>>;

/**
 * How a container's requests compare with the VPA's bounds, per resource.
 * @public
 */
export type SizingVerdict =
  | 'over-provisioned'
  | 'under-provisioned'
  | 'within bounds'
  | 'no recommendation yet';

/** A verdict and the sentence that explains it. @public */
export interface ResourceVerdict {
  verdict: SizingVerdict;
  message: string;
}

/** The VPA recommender's numbers for one container. @public */
export interface ContainerRecommendation {
  target: ResourceAmounts;
  lowerBound: ResourceAmounts;
  upperBound: ResourceAmounts;
  uncappedTarget: ResourceAmounts;
}

/** One pod's usage of one container, from metrics.k8s.io. @public */
export interface PodUsage {
  pod: string;
  usage: ResourceAmounts;
}

/** One container of a Deployment and its sizing. @public */
export interface ContainerSizing {
  name: string;
  requests: ResourceAmounts;
  limits: ResourceAmounts;
  /** per pod, as metrics.k8s.io reports it; empty when there are no metrics */
  podUsage: PodUsage[];
  /** the mean over podUsage; absent without metrics */
  usage?: ResourceAmounts;
  /** usage divided by requests (0.5 = half of the request is used) */
  usageShareOfRequests?: ResourceAmounts;
  recommendation?: ContainerRecommendation;
  verdicts: Record<SizedResource, ResourceVerdict>;
}

/** The VPA that sizes a Deployment. @public */
export interface VpaSizing {
  name: string;
  /** as set on the VPA; 'Auto' when not set (the recommender's default) */
  updateMode: string;
  /** what the VPA does in that mode, in words */
  updateModeMeaning: string;
}

/** The HPA that scales a Deployment and how far it can still scale. @public */
export interface HpaHeadroom {
  name: string;
  currentReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  /** replicas it can still add */
  headroom: number;
  /** true when it runs at maxReplicas and cannot scale further */
  capped: boolean;
  message: string;
}

/** One Deployment of the entity. @public */
export interface DeploymentSizing {
  cluster: string;
  namespace: string;
  name: string;
  replicas: number;
  vpa?: VpaSizing;
  hpa?: HpaHeadroom;
  containers: ContainerSizing[];
}

/** One cluster's part of the answer; `error` in words when it could not be read. @public */
export interface ClusterSizing {
  name: string;
  status: 'ok' | 'degraded';
  error?: string;
  deployments: DeploymentSizing[];
}

/** The response of `GET /api/capacity/entity?entityRef=…`. @public */
export interface EntitySizingResponse {
  entityRef: string;
  clusters: ClusterSizing[];
}
