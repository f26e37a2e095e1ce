/*
 * What the argocd backend serves to the portal (and the frontend client reads).
 */
import type { RevisionKind } from './revisions';

/** Why an Argo CD instance could not answer. @public */
export type ArgoCdInstanceFailureReason =
  | 'unreachable'
  | 'timeout'
  | 'credentials-rejected'
  | 'forbidden'
  | 'bad-response'
  | 'not-configured';

/** One Argo CD instance's part of an answer. @public */
export interface ArgoCdInstanceStatus {
  /** instance name from `argocd.appLocatorMethods[].instances[].name` */
  name: string;
  ok: boolean;
  /** set when `ok` is false: why, in words a user can act on (never a secret) */
  error?: {
    reason: ArgoCdInstanceFailureReason;
    message: string;
    /** HTTP status Argo CD answered with, when it answered */
    status?: number;
  };
}

/** One source of an application (single-source apps have one). @public */
export interface ArgoCdSourceSummary {
  repoURL: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
  ref?: string;
}

/** Git commit or Helm chart details of a revision. @public */
export interface ArgoCdRevisionDetails {
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
  /** Helm: chart description */
  description?: string;
}

/** One deployed revision (one per source). @public */
export interface ArgoCdRevision {
  sourceIndex: number;
  revision: string;
  kind: RevisionKind;
  repoURL?: string;
  path?: string;
  chart?: string;
  /**
   * `ok`: details present; `unavailable`: Argo CD could not give them (the
   * rest of the answer is unaffected); `not-applicable`: nothing to look up
   * (e.g. a branch name).
   */
  detailsStatus: 'ok' | 'unavailable' | 'not-applicable';
  details?: ArgoCdRevisionDetails;
  /** why details are unavailable */
  detailsError?: string;
}

/** Operation state of an application, as the portal shows it. @public */
export interface ArgoCdOperationSummary {
  phase: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  initiatedBy?: string;
}

/** One Argo CD application of an entity. @public */
export interface ArgoCdApplicationSummary {
  instance: string;
  name: string;
  /** the namespace the Application object lives in (Argo CD's `appNamespace`) */
  appNamespace?: string;
  project?: string;
  syncStatus: string;
  healthStatus: string;
  healthMessage?: string;
  operation?: ArgoCdOperationSummary;
  /** current revision(s): one per source */
  revisions: ArgoCdRevision[];
  /** when the last sync finished (operation state, else newest history entry) */
  lastSyncedAt?: string;
  reconciledAt?: string;
  sources: ArgoCdSourceSummary[];
  destination: { server?: string; name?: string; namespace?: string };
  /** link to the application in the Argo CD UI */
  uiUrl: string;
  /** resources that are OutOfSync, and resources that are not Healthy */
  outOfSyncResources: number;
  unhealthyResources: number;
  autoSync: boolean;
}

/** `GET /entities/:kind/:namespace/:name/applications` @public */
export interface ArgoCdEntityApplicationsResponse {
  entityRef: string;
  /** false when the entity carries none of the argocd/* annotations */
  annotated: boolean;
  instances: ArgoCdInstanceStatus[];
  applications: ArgoCdApplicationSummary[];
  /** set when nothing matched: which annotation matched nothing, where */
  emptyReason?: string;
}

/** One entry of an application's deployment history. @public */
export interface ArgoCdHistoryEntry {
  id: number;
  deployedAt?: string;
  deployStartedAt?: string;
  initiatedBy?: string;
  revisions: ArgoCdRevision[];
}

/** `GET .../applications/:instance/:app/history` @public */
export interface ArgoCdHistoryResponse {
  instance: string;
  name: string;
  /** newest first, at most `limit` */
  entries: ArgoCdHistoryEntry[];
  /** how many entries Argo CD keeps for the application */
  total: number;
  limit: number;
}

/** A resource that is OutOfSync or not Healthy. @public */
export interface ArgoCdResourceProblem {
  group?: string;
  version?: string;
  kind: string;
  namespace?: string;
  name: string;
  syncStatus?: string;
  healthStatus?: string;
  healthMessage?: string;
  requiresPruning?: boolean;
}

/** `GET .../applications/:instance/:app/resources` @public */
export interface ArgoCdResourcesResponse {
  instance: string;
  name: string;
  syncStatus: string;
  healthStatus: string;
  /** all resources of the application */
  totalResources: number;
  /** the OutOfSync or not Healthy ones, OutOfSync first */
  resources: ArgoCdResourceProblem[];
}

/** Actions the portal can run on an application. @public */
export type ArgoCdAction = 'sync' | 'refresh' | 'rollback';

/** Answer of `POST .../sync|refresh|rollback` @public */
export interface ArgoCdActionResponse {
  action: ArgoCdAction;
  instance: string;
  name: string;
  /** what the user should read */
  message: string;
  syncStatus: string;
  healthStatus: string;
  operation?: ArgoCdOperationSummary;
}
