/** A catalog entity as the service-boundaries views show it. */
export interface EntitySummary {
  /** full entity ref, `component:default/inventory-service` */
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  description?: string;
  /** `spec.type`, when the kind has one */
  type?: string;
  /** owner entity ref (`group:default/inventory-team`) */
  owner?: string;
  /** system entity ref */
  system?: string;
}

/** How a component relates to a dependency. */
export type DependencyRelation = 'dependsOn' | 'consumesApi';

/** One declared dependency of a component, with its owner. */
export interface BoundaryDependency {
  relation: DependencyRelation;
  /** the component, resource or API depended on */
  entity: EntitySummary;
  /** present when the ref does not name an entity the caller can see */
  missing?: boolean;
  /** for a consumed API: the components providing it */
  providers?: EntitySummary[];
}

/** A component that declares a dependency on (or consumes an API of) another. */
export interface BoundaryDependent {
  entity: EntitySummary;
  /** how it depends: directly (`dependsOn`) and/or through these APIs */
  relations: DependencyRelation[];
  /** the APIs of the target it consumes */
  viaApis: string[];
}

/** Service boundary of one component. */
export interface ServiceBoundary {
  entity: EntitySummary;
  /** `spec.responsibilities` (list of strings), empty when not declared */
  responsibilities: string[];
  dependencies: BoundaryDependency[];
  dependents: BoundaryDependent[];
  providedApis: EntitySummary[];
}

/** A node of the boundary map. */
export interface BoundaryMapNode extends EntitySummary {
  /** display name of the owning group */
  ownerTitle?: string;
  /** index of the owner in `BoundaryMap.teams`, for a colour legend */
  teamIndex: number;
  /** outside the requested system/domain, shown because an edge reaches it */
  external: boolean;
}

/** A declared dependency edge of the boundary map. */
export interface BoundaryMapEdge {
  from: string;
  to: string;
  relation: DependencyRelation;
  /** for `consumesApi`: the API refs the edge goes through */
  apis?: string[];
}

/** Services grouped by system, coloured by owning team. */
export interface BoundaryMap {
  /** the system or domain the map was asked for; absent for the whole catalog */
  scope?: EntitySummary;
  systems: Array<{ system?: EntitySummary; nodeRefs: string[] }>;
  teams: Array<{ ref: string; title?: string }>;
  nodes: BoundaryMapNode[];
  edges: BoundaryMapEdge[];
}

// ---------------------------------------------------------------- cluster facts

/** An Istio AuthorizationPolicy, reduced to what drift needs. */
export interface AuthorizationPolicyFact {
  cluster: string;
  namespace: string;
  name: string;
  /** `spec.action`; absent means ALLOW */
  action?: string;
  /** `spec.selector.matchLabels`; absent selects every workload of the namespace */
  selector?: Record<string, string>;
  /** labels of the policy object itself */
  labels?: Record<string, string>;
  /** the policy's rules, `from[].source.principals` flattened per rule */
  rules: Array<{
    /** undefined when the rule has no `from` (matches any source) */
    principals?: string[];
  }>;
}

/** The `service-boundaries` ConfigMap in one namespace of one cluster. */
export interface ServiceBoundariesConfigMapFact {
  cluster: string;
  namespace: string;
  /** the ConfigMap's `data`: service name → text with `Responsibilities:` / `Dependencies:` lists */
  data: Record<string, string>;
}

/** A workload (Deployment, StatefulSet, DaemonSet, CronJob, …) in a cluster. */
export interface WorkloadFact {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  labels?: Record<string, string>;
  /** labels of the pod template */
  podLabels?: Record<string, string>;
  serviceAccountName?: string;
  images?: string[];
}

/** An MLModel custom resource. */
export interface MLModelFact {
  cluster: string;
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  modelName?: string;
  modelVersion?: string;
}

/** Everything read from the clusters. */
export interface ClusterFacts {
  clusters: string[];
  authorizationPolicies: AuthorizationPolicyFact[];
  serviceBoundaries: ServiceBoundariesConfigMapFact[];
  workloads: WorkloadFact[];
  mlModels: MLModelFact[];
}

/** Whether the cluster side of an answer could be computed. */
export interface ClusterStatus {
  status: 'available' | 'unavailable';
  /** clusters answered */
  clusters: string[];
  /** why it is unavailable */
  message?: string;
}

// ---------------------------------------------------------------- drift

/** A mesh principal, `cluster.local/ns/<ns>/sa/<sa>`. */
export interface IstioPrincipal {
  trustDomain: string;
  namespace: string;
  serviceAccount: string;
}

/** A caller the mesh lets in. */
export interface AllowedCaller {
  principal: string;
  /** the component it resolves to, when one does */
  component?: EntitySummary;
  /** how it was resolved (annotation, convention, workload) */
  resolvedBy?: string;
  /** the policy allowing it */
  policy: string;
}

/** A component declaring a dependency the mesh would refuse. */
export interface RefusedDependency {
  component: EntitySummary;
  relations: DependencyRelation[];
  viaApis: string[];
  /** the principals this component runs as (none known: empty) */
  principals: string[];
  message: string;
}

/** Catalog and ConfigMap responsibilities compared. */
export interface ResponsibilitiesDrift {
  /** `unavailable`: no cluster facts; `not-in-cluster`: no ConfigMap entry; `not-in-catalog`: no `spec.responsibilities` */
  status:
    | 'same'
    | 'differs'
    | 'not-in-cluster'
    | 'not-in-catalog'
    | 'unavailable';
  catalog: string[];
  cluster?: string[];
  /** in the cluster's ConfigMap, not in the catalog */
  onlyInCluster: string[];
  /** in the catalog, not in the cluster's ConfigMap */
  onlyInCatalog: string[];
  /** same items, different order */
  orderDiffers: boolean;
  /** `<cluster>/<namespace>` of the ConfigMap read */
  source?: string;
}

/** Drift of one service. */
export interface ServiceDrift {
  entity: EntitySummary;
  /** AuthorizationPolicies selecting the service's workloads */
  policies: string[];
  /** at least one ALLOW policy applies: calls not allowed are refused */
  meshEnforced: boolean;
  /** a rule without `from` (or a `*` principal) allows any caller */
  allowsAnyCaller: boolean;
  allowedCallers: AllowedCaller[];
  undeclaredCallers: AllowedCaller[];
  refusedDependencies: RefusedDependency[];
  responsibilities: ResponsibilitiesDrift;
  /** workloads of the service that other catalog entities claim too: portal writes on them are refused */
  sharedWorkloads: SharedWorkload[];
  /** number of findings (undeclared callers + refused dependencies + differing responsibilities + shared workloads) */
  findings: number;
}

/** A workload more than one catalog entity claims. */
export interface SharedWorkload {
  /** `cluster/namespace/Kind/name` */
  workload: string;
  /** every claimant, this service included */
  claimants: EntitySummary[];
  message: string;
}

/** Drift report for one service, a system or everything. */
export interface DriftReport {
  cluster: ClusterStatus;
  services: ServiceDrift[];
  /** ConfigMap entries naming no catalog component */
  unknownConfigMapServices: Array<{ service: string; source: string }>;
  summary: {
    services: number;
    servicesWithDrift: number;
    undeclaredCallers: number;
    refusedDependencies: number;
    responsibilitiesDiffer: number;
    sharedWorkloads: number;
  };
}

// ---------------------------------------------------------------- ownership

/** The kinds of identifier "who owns …?" understands. */
export type IdentifierKind =
  | 'entity-ref'
  | 'entity-name'
  | 'workload'
  | 'namespace'
  | 'istio-principal'
  | 'image'
  | 'argocd-app'
  | 'mlmodel';

/** One interpretation of an identifier. */
export type ParsedIdentifier =
  | {
      kind: 'entity-ref';
      entityKind?: string;
      namespace?: string;
      name: string;
    }
  | { kind: 'entity-name'; name: string }
  | {
      kind: 'workload';
      cluster?: string;
      namespace?: string;
      workloadKind: string;
      name: string;
    }
  | { kind: 'namespace'; cluster?: string; namespace: string }
  | ({ kind: 'istio-principal'; principal: string } & IstioPrincipal)
  | {
      kind: 'image';
      image: string;
      registry?: string;
      /** path without registry and tag: `inventory-service`, `org/app` */
      repository: string;
      /** last path segment of the repository */
      shortName: string;
      tag?: string;
      digest?: string;
    }
  | { kind: 'argocd-app'; name: string; instance?: string }
  | { kind: 'mlmodel'; cluster?: string; namespace?: string; name: string };

/** How a match was made. */
export type MatchedBy =
  | 'entity-ref'
  | 'entity-name'
  | 'kubernetes-id-annotation'
  | 'kubernetes-label-selector'
  | 'workload-label'
  | 'namespace-annotation'
  | 'service-account-annotation'
  | 'service-account-convention'
  | 'service-account-of-workload'
  | 'image-annotation'
  | 'image-of-workload'
  | 'image-name-convention'
  | 'argocd-app-name-annotation'
  | 'mlmodel-label';

/** A member of the owning group. */
export interface OwnerMember {
  ref: string;
  name: string;
  displayName?: string;
  email?: string;
}

/** A contact link of the owning group. */
export interface ContactLink {
  title?: string;
  url: string;
  type?: string;
}

/** The owning group (or user) and how to reach it. */
export interface OwnerInfo {
  ref: string;
  kind: string;
  name: string;
  title?: string;
  email?: string;
  links: ContactLink[];
  members: OwnerMember[];
  /** the owner ref does not name an entity in the catalog */
  missing?: boolean;
}

/** One candidate answer. */
export interface OwnershipMatch {
  matchedBy: MatchedBy;
  /** sentence saying how the match was made */
  explanation: string;
  /** how the identifier was read */
  interpretedAs: IdentifierKind;
  /** 1 = strongest */
  rank: number;
  entity: EntitySummary;
  system?: EntitySummary;
  owner?: OwnerInfo;
}

/** The answer to "who owns <query>?". */
export interface OwnershipAnswer {
  query: string;
  status: 'matched' | 'ambiguous' | 'none';
  message: string;
  /** identifier kinds tried, in order */
  tried: IdentifierKind[];
  matches: OwnershipMatch[];
  /** cluster facts used for workloads/MLModels/images/principals */
  cluster: ClusterStatus;
}

/** A workload no catalog entity claims. */
export interface UnownedWorkload {
  kind: string;
  name: string;
  serviceAccountName?: string;
  images: string[];
}

/** Unowned workloads, per cluster and namespace. */
export interface UnownedReport {
  cluster: ClusterStatus;
  clusters: Array<{
    cluster: string;
    namespaces: Array<{ namespace: string; workloads: UnownedWorkload[] }>;
  }>;
  total: number;
}
