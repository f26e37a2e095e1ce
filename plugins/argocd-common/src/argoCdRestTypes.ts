/*
 * The subset of Argo CD's REST API (server/application, server/session; the
 * definitions of assets/swagger.json in the Argo CD module) this family reads.
 * Field names are Argo CD's; every field is optional unless Argo CD always sets it.
 */

/** `v1alpha1ApplicationSource` @public */
export interface ArgoCdApplicationSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  /** set for Helm repositories: the revision is then a chart version */
  chart?: string;
  /** multi-source: a source only referenced by others (`$ref/values.yaml`) */
  ref?: string;
  name?: string;
}

/** `v1alpha1ApplicationDestination` @public */
export interface ArgoCdApplicationDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

/** `v1alpha1OperationInitiator` @public */
export interface ArgoCdOperationInitiator {
  username?: string;
  automated?: boolean;
}

/** `v1alpha1RevisionHistory` @public */
export interface ArgoCdRevisionHistory {
  id: number;
  revision?: string;
  revisions?: string[];
  deployedAt?: string;
  deployStartedAt?: string;
  source?: ArgoCdApplicationSource;
  sources?: ArgoCdApplicationSource[];
  initiatedBy?: ArgoCdOperationInitiator;
}

/** `v1alpha1OperationState` @public */
export interface ArgoCdOperationState {
  phase?: 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded' | string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  operation?: {
    initiatedBy?: ArgoCdOperationInitiator;
    sync?: { revision?: string; revisions?: string[]; prune?: boolean };
  };
  syncResult?: {
    revision?: string;
    revisions?: string[];
    source?: ArgoCdApplicationSource;
    sources?: ArgoCdApplicationSource[];
  };
}

/** `applicationv1alpha1ResourceStatus` @public */
export interface ArgoCdResourceStatus {
  group?: string;
  version?: string;
  kind: string;
  namespace?: string;
  name: string;
  status?: 'Synced' | 'OutOfSync' | 'Unknown' | string;
  health?: { status?: string; message?: string };
  hook?: boolean;
  requiresPruning?: boolean;
}

/** `v1alpha1Application` (the fields read here) @public */
export interface ArgoCdApplication {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
  };
  spec: {
    project?: string;
    source?: ArgoCdApplicationSource;
    sources?: ArgoCdApplicationSource[];
    destination?: ArgoCdApplicationDestination;
    syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean } };
  };
  /** set while an operation is requested and not yet picked up by the controller */
  operation?: {
    initiatedBy?: ArgoCdOperationInitiator;
    sync?: { revision?: string; revisions?: string[]; prune?: boolean };
  };
  status?: {
    sync?: {
      status?: 'Synced' | 'OutOfSync' | 'Unknown' | string;
      revision?: string;
      revisions?: string[];
    };
    health?: { status?: string; message?: string };
    history?: ArgoCdRevisionHistory[];
    operationState?: ArgoCdOperationState;
    reconciledAt?: string;
    resources?: ArgoCdResourceStatus[];
    summary?: { externalURLs?: string[]; images?: string[] };
    conditions?: Array<{ type: string; message?: string }>;
    sourceType?: string;
    sourceTypes?: string[];
  };
}

/** `v1alpha1ApplicationList` @public */
export interface ArgoCdApplicationList {
  items?: ArgoCdApplication[] | null;
}

/** `v1alpha1RevisionMetadata` (git commit) @public */
export interface ArgoCdRevisionMetadata {
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
  signatureInfo?: string;
}

/** `v1alpha1ChartDetails` (Helm chart version) @public */
export interface ArgoCdChartDetails {
  description?: string;
  home?: string;
  maintainers?: string[];
}

/** `applicationApplicationSyncRequest` (the fields sent) @public */
export interface ArgoCdSyncRequest {
  name: string;
  appNamespace?: string;
  project?: string;
  prune?: boolean;
  dryRun?: boolean;
}

/** `applicationApplicationRollbackRequest` @public */
export interface ArgoCdRollbackRequest {
  name: string;
  id: number;
  appNamespace?: string;
  project?: string;
  prune?: boolean;
  dryRun?: boolean;
}

/** `sessionSessionCreateRequest` / `sessionSessionResponse` @public */
export interface ArgoCdSessionRequest {
  username: string;
  password: string;
}
/** @public */
export interface ArgoCdSessionResponse {
  token: string;
}

/** `runtimeError`: the body of Argo CD's error responses @public */
export interface ArgoCdRuntimeError {
  error?: string;
  code?: number;
  message?: string;
}
