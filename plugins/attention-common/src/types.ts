/**
 * What the portal detects as needing attention. Each kind has one source:
 * - `rollout-stalled`: the Deployment's Progressing condition is ProgressDeadlineExceeded;
 * - `rollout-failing`: pods of the new revision fail (ImagePullBackOff, OOMKilled, ...);
 * - `crash-loop`: pods of the Deployment are in CrashLoopBackOff;
 * - `mlmodel-failed`: an MLModel's status says failed;
 * - `argocd-out-of-sync`: an Argo CD application differs from Git;
 * - `argocd-degraded`: an Argo CD application's health is Degraded (or Missing);
 * - `argocd-sync-failed`: the last sync operation of an application failed or errored;
 * - `boundary-drift`: what the mesh lets in, or the `service-boundaries` ConfigMap
 *   says, differs from what the catalog declares (the drift of the Service
 *   boundaries card: undeclared callers, refused dependencies, differing
 *   responsibilities, workloads claimed by several entities);
 * - `unowned-workload`: workloads of a cluster namespace that no catalog entity
 *   claims (the Unowned workloads report of the Who owns page); such a problem
 *   has no entity and is only served to callers who may read unclaimed objects.
 * @public
 */
export type AttentionKind =
  | 'rollout-stalled'
  | 'rollout-failing'
  | 'crash-loop'
  | 'mlmodel-failed'
  | 'argocd-out-of-sync'
  | 'argocd-degraded'
  | 'argocd-sync-failed'
  | 'boundary-drift'
  | 'unowned-workload';

/** Every kind, in the order the home page groups them. @public */
export const ATTENTION_KINDS: ReadonlyArray<AttentionKind> = [
  'rollout-stalled',
  'rollout-failing',
  'crash-loop',
  'mlmodel-failed',
  'argocd-sync-failed',
  'argocd-degraded',
  'argocd-out-of-sync',
  'boundary-drift',
  'unowned-workload',
];

/** @public */
export type AttentionSeverity = 'error' | 'warning';

/** One current problem. @public */
export interface AttentionProblem {
  /** stable across evaluations, replicas and restarts: kind + what it is about */
  id: string;
  kind: AttentionKind;
  severity: AttentionSeverity;
  /** when the portal first saw it (ISO 8601); kept across backend restarts */
  since: string;
  /**
   * the catalog entity it belongs to, e.g. component:default/order-service;
   * absent for unowned workloads, which no entity claims
   */
  entityRef?: string;
  /** the entity's owner (spec.owner, a group ref), when it has one */
  ownerRef?: string;
  /** what it is about, e.g. "sandbox/supply-chain/Deployment order-service" or "Argo CD app order-service" */
  subject: string;
  /** one line, e.g. "order-service: rollout stalled" */
  title: string;
  /** the words the tab that explains it uses */
  reason: string;
  /** the portal path of that tab, e.g. /catalog/default/component/order-service/rollouts */
  link: string;
  /** true when the signed-in user belongs to (or is) the owner */
  mine: boolean;
}

/** Whether a source of the model could be read at the last evaluation. @public */
export interface AttentionSource {
  name: 'catalog' | 'clusters' | 'argocd';
  healthy: boolean;
  /** what went wrong, when not healthy: problems of this source may be missing */
  message?: string;
}

/** GET /api/attention/problems @public */
export interface AttentionResponse {
  /** the caller's own problems first, then by severity, then oldest first */
  problems: AttentionProblem[];
  sources: AttentionSource[];
  /** when the model was last evaluated (ISO 8601); undefined before the first evaluation */
  evaluatedAt?: string;
}

/** Signal channel announcing that the list changed (message `{ type: 'changed' }`). @public */
export const ATTENTION_SIGNAL_CHANNEL = 'attention:problems';

/** The rollout state of one Deployment of a service, as the Rollouts tab words it. @public */
export interface ServiceDeploymentState {
  cluster: string;
  namespace: string;
  name: string;
  /** complete, progressing, paused, stalled or failing (the Rollouts tab's phase) */
  phase: 'complete' | 'progressing' | 'paused' | 'stalled' | 'failing';
  /** the kubectl-style phase message */
  phaseMessage: string;
}

/** The sync and health of one Argo CD application of a service. @public */
export interface ServiceApplicationState {
  instance: string;
  name: string;
  /** Synced, OutOfSync or Unknown */
  syncStatus: string;
  /** Healthy, Progressing, Degraded, Suspended, Missing or Unknown */
  healthStatus: string;
}

/** One service the caller or the caller's teams own, with its rollout and sync state. @public */
export interface ServiceState {
  /** e.g. component:default/inventory-service */
  entityRef: string;
  entity: { kind: string; namespace: string; name: string; title?: string };
  /**
   * Its Deployments in every cluster the watch cache holds; absent when the
   * entity has no Kubernetes annotations. `error` says what could not be read
   * (a cluster away, an invalid selector, no rollouts.read permission): the
   * Deployments listed are then only those that could.
   */
  rollouts?: { deployments: ServiceDeploymentState[]; error?: string };
  /**
   * Its Argo CD applications, as the attention model last listed them (every
   * `attention.evaluateEverySeconds`); absent when the entity has no argocd/*
   * annotations. `error` as for rollouts (an instance away, no argocd.read).
   */
  argocd?: { applications: ServiceApplicationState[]; error?: string };
}

/** GET /api/attention/services: "Your services" of the home page in one answer. @public */
export interface ServicesResponse {
  /** the Components the caller may read that the caller or the caller's teams own, by title */
  services: ServiceState[];
  /** when Argo CD was last listed (ISO 8601); undefined before the first listing */
  argoCdListedAt?: string;
}
