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
  /** which node groups its pods run on; absent from backends that predate it */
  placement?: DeploymentPlacement;
  /** its monthly cost from config prices; absent from backends that predate it */
  cost?: DeploymentCost;
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

/** A node's taint, as on `spec.taints`. @public */
export interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
}

/** A pod's toleration, as on `spec.tolerations`. @public */
export interface PodToleration {
  key?: string;
  /** 'Equal' (the default) or 'Exists' */
  operator?: string;
  value?: string;
  effect?: string;
}

/** A node as its labels and status describe it. @public */
export interface NodeFacts {
  name: string;
  /** label `eks.amazonaws.com/nodegroup` */
  nodeGroup?: string;
  /** label `node.kubernetes.io/instance-type` */
  instanceType?: string;
  /** label `eks.amazonaws.com/capacityType` (ON_DEMAND, SPOT) */
  capacityType?: string;
  taints: NodeTaint[];
  allocatable: ResourceAmounts;
}

/** One node group a Deployment's pods run on. @public */
export interface NodeGroupPlacement {
  /** the `eks.amazonaws.com/nodegroup` label; absent for nodes without it */
  nodeGroup?: string;
  instanceTypes: string[];
  capacityTypes: string[];
  nodes: string[];
  pods: string[];
}

/**
 * Whether a Deployment's pods sit where their taints and tolerations say:
 * `unknown` when the nodes cannot be read or no pod is on a node yet.
 * @public
 */
export type PlacementVerdict = 'as intended' | 'misplaced' | 'unknown';

/** Which node groups a Deployment's pods run on, and whether that is right. @public */
export interface DeploymentPlacement {
  verdict: PlacementVerdict;
  /** the verdict in one sentence; for `unknown`, why */
  message: string;
  nodeGroups: NodeGroupPlacement[];
  /** each misplaced pod, in words (empty when as intended) */
  findings: string[];
  /** pods not on a node yet */
  unscheduledPods: string[];
}

/** The capacity types a node price is given for. @public */
export type CapacityType = 'ON_DEMAND' | 'SPOT';

/** One configured hourly node price (`capacity.prices[]`). @public */
export interface NodePrice {
  /** exactly one of nodeGroup and instanceType is set */
  nodeGroup?: string;
  instanceType?: string;
  capacityType: CapacityType;
  hourlyPrice: number;
}

/** The configured prices (`capacity.currency`, `capacity.prices`). @public */
export interface CapacityPrices {
  currency: string;
  prices: NodePrice[];
}

/** One pod's monthly cost: its share of its node times the node's price. @public */
export interface PodCost {
  pod: string;
  node: string;
  nodeGroup?: string;
  /** the node's hourly price, from config */
  nodeHourlyPrice?: number;
  /** which configured price applied, e.g. "node group ml-workload, SPOT" */
  priceSource?: string;
  /** the larger of the cpu and memory shares of the node's allocatable its requests take */
  requestShare?: number;
  monthlyFromRequests?: number;
  /** the same share for its usage (metrics.k8s.io) */
  usageShare?: number;
  monthlyFromUsage?: number;
  /** why this pod has no cost, in words */
  missing?: string;
}

/** A Deployment's monthly cost, from its requests and from its usage. @public */
export interface DeploymentCost {
  currency: string;
  /** the rule, in one sentence */
  costBasis: string;
  /** the sum over its pods that have a price */
  monthlyFromRequests?: number;
  /** the sum over its pods that have a price and metrics */
  monthlyFromUsage?: number;
  pods: PodCost[];
  /** each distinct reason a pod has no cost, e.g. "no price configured for ml-workload (c5.2xlarge, SPOT)" */
  missing: string[];
}

/** One node group's utilisation and price (`GET /api/capacity/node-groups`). @public */
export interface NodeGroupUtilisation {
  /** the `eks.amazonaws.com/nodegroup` label; absent for nodes without it */
  nodeGroup?: string;
  nodes: string[];
  instanceTypes: string[];
  capacityTypes: string[];
  /** the sum of its nodes' allocatable */
  allocatable: ResourceAmounts;
  /** the sum of the requests of the pods on its nodes (not finished); absent when the pods cannot be read */
  requested?: ResourceAmounts;
  /** requested / allocatable */
  requestedShare?: ResourceAmounts;
  /** the sum of its nodes' usage from metrics.k8s.io; absent unless every node reports */
  used?: ResourceAmounts;
  /** used / allocatable */
  usedShare?: ResourceAmounts;
  /** its nodes' hourly prices × 730 h; absent unless every node has a price */
  monthlyPrice?: number;
  /** what is left out and why, in words (no price, no metrics) */
  missing: string[];
}

/** One cluster's node groups; `error` in words when it could not be read. @public */
export interface ClusterNodeGroups {
  name: string;
  status: 'ok' | 'degraded';
  error?: string;
  nodeGroups: NodeGroupUtilisation[];
}

/** The response of `GET /api/capacity/node-groups`. @public */
export interface NodeGroupsResponse {
  currency: string;
  clusters: ClusterNodeGroups[];
}

/** What one service spends on one node group (`GET /api/capacity/services`). @public */
export interface NodeGroupCost {
  /** the `eks.amazonaws.com/nodegroup` label; absent for nodes without it */
  nodeGroup?: string;
  monthlyFromRequests?: number;
  monthlyFromUsage?: number;
  /** see {@link WASTE_BASIS} */
  waste?: number;
}

/** The VPA's verdict on one container of a service, in words. @public */
export interface ServiceVpaVerdict {
  cluster: string;
  namespace: string;
  deployment: string;
  container: string;
  vpa: string;
  updateMode: string;
  updateModeMeaning: string;
  cpu: ResourceVerdict;
  memory: ResourceVerdict;
  /** e.g. "ml-prediction-service: cpu over-provisioned, memory within bounds (VPA ml-prediction-service-vpa, Auto)" */
  summary: string;
}

/** One catalog service's capacity and cost across its Deployments. @public */
export interface ServiceCapacity {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** the owner's entity ref (`group:default/ml-team`); absent when the entity names none */
  owner?: string;
  /** the system's entity ref (`system:default/ml-platform`); absent when the entity has none */
  system?: string;
  /** its Deployments found in the clusters, as `cluster/namespace/name` */
  deployments: string[];
  /** the node groups its pods run on (nodes without the label are left out) */
  nodeGroups: string[];
  /** the sum over its Deployments that have a price (see `costBasis`) */
  monthlyFromRequests?: number;
  monthlyFromUsage?: number;
  /** see {@link WASTE_BASIS} */
  waste?: number;
  /** the same figures per node group its pods run on */
  byNodeGroup: NodeGroupCost[];
  /** per container with a VPA */
  vpa: ServiceVpaVerdict[];
  /** what is left out of its cost and why, in words (no price, nodes unreadable) */
  missing: string[];
  /** why its Deployments could not be looked up, in words (e.g. a bad label selector) */
  problems: string[];
}

/** The sums of a group of services (a team, a system or a node group). @public */
export interface CapacityTotal {
  /** the owner's or system's entity ref, or the node group; absent for "none" */
  key?: string;
  /** how many services it sums */
  services: number;
  monthlyFromRequests?: number;
  monthlyFromUsage?: number;
  waste?: number;
}

/** How one cluster could be read for the page across services. @public */
export interface ClusterReadStatus {
  name: string;
  status: 'ok' | 'degraded';
  /** what could not be read and why, in words */
  error?: string;
}

/** The response of `GET /api/capacity/services`. @public */
export interface ServicesCapacityResponse {
  currency: string;
  /** the cost rule, in one sentence ({@link COST_BASIS}) */
  costBasis: string;
  /** what waste is, in one sentence ({@link WASTE_BASIS}) */
  wasteBasis: string;
  clusters: ClusterReadStatus[];
  services: ServiceCapacity[];
  totals: {
    owner: CapacityTotal[];
    system: CapacityTotal[];
    nodeGroup: CapacityTotal[];
  };
}
