/**
 * How a recorded rollout ended:
 * - `in-progress`: not finished yet
 * - `completed`: every replica of the new revision available
 * - `stalled`: exceeded its progress deadline and has not completed
 * - `rolled-back`: the next rollout of the Deployment returned to an older template
 * - `superseded`: a newer rollout started before this one finished (without a stall)
 * @public
 */
export type RolloutOutcome =
  | 'in-progress'
  | 'completed'
  | 'stalled'
  | 'rolled-back'
  | 'superseded';

/** @public */
export const ROLLOUT_OUTCOMES: RolloutOutcome[] = [
  'in-progress',
  'completed',
  'stalled',
  'rolled-back',
  'superseded',
];

/** One rollout of one Deployment to one revision, as recorded. @public */
export interface RolloutEvent {
  cluster: string;
  namespace: string;
  deployment: string;
  deploymentUid: string;
  /** the revision it rolled out from (undefined for the first revision) */
  fromRevision?: number;
  toRevision: number;
  /** the pod template's `version` label of the new revision, if any */
  version?: string;
  images: string[];
  /** ISO time */
  startedAt: string;
  /** ISO time: completed, stalled, rolled back or superseded */
  finishedAt?: string;
  /** ISO time the rollout exceeded its progress deadline, if it did */
  stalledAt?: string;
  outcome: RolloutOutcome;
  /** finishedAt - startedAt in seconds, never negative */
  durationSeconds?: number;
  /** true when the clocks disagreed (a negative duration was clamped to 0) */
  clockSkew: boolean;
  /** true when this rollout returned to an older pod template (kubectl rollout undo, Argo CD rollback) */
  rollback: boolean;
  /**
   * the fewest replicas the Deployment asked for while it rolled out, so a
   * scale-up during the rollout (an HPA reacting to load) is not taken for a
   * drop in capacity
   */
  desiredReplicas: number;
  /** the fewest available replicas seen while it rolled out */
  minAvailableReplicas: number;
}

/** One Argo CD sync of one application. @public */
export interface SyncEvent {
  instance: string;
  appNamespace: string;
  application: string;
  revision: string;
  /** Succeeded, Failed, Error */
  result: string;
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  clockSkew: boolean;
}

/** A window of time, ISO strings. @public */
export interface MetricsWindow {
  from: string;
  to: string;
}

/** One bucket of the time series (a day or a week). @public */
export interface MetricsBucket {
  /** ISO start of the bucket */
  start: string;
  deployments: number;
  medianDurationSeconds?: number;
  p90DurationSeconds?: number;
  /** 0..1, undefined when nothing finished in the bucket */
  firstTimeSuccessRate?: number;
  rollbacks: number;
  capacityDrops: number;
  failures: number;
}

/** Deployment metrics over one window. @public */
export interface DeploymentMetrics {
  window: MetricsWindow;
  /** rollouts that are not rollbacks, started in the window */
  deployments: number;
  deploymentsPerDay: number;
  deploymentsPerWeek: number;
  /** over completed rollouts (rollbacks included) */
  medianDurationSeconds?: number;
  p90DurationSeconds?: number;
  /** 0..1 over finished rollouts that are not rollbacks: no stall and not rolled back */
  firstTimeSuccessRate?: number;
  /** rollouts that stalled or were rolled back */
  failures: number;
  /** median seconds from a failure to the next completed rollout (or rollback) of the same Deployment */
  medianTimeToRecoverSeconds?: number;
  /** failures not followed by a completed rollout yet */
  unrecovered: number;
  rollbacks: number;
  /** rollouts during which available replicas fell below desired */
  capacityDrops: number;
  /** rollouts whose duration was clamped because the clocks disagreed */
  clockSkewed: number;
  syncs: number;
  failedSyncs: number;
  /** per day (windows up to 31 days) or per week */
  bucket: 'day' | 'week';
  series: MetricsBucket[];
}

/** Returned instead of zeros when nothing was recorded. @public */
export interface NoDeploymentsObserved {
  observedSince: string;
  message: string;
}

/** @public */
export type MetricsResult = DeploymentMetrics | NoDeploymentsObserved;

/** @public */
export function isNoDeploymentsObserved(
  r: MetricsResult | undefined,
): r is NoDeploymentsObserved {
  return !!r && 'message' in r && !('deployments' in r);
}

/** GET /entity/:kind/:namespace/:name/metrics @public */
export interface EntityMetricsResponse {
  entityRef: string;
  current: MetricsResult;
  /** the window of the same length just before `current` */
  previous: MetricsResult;
}

/** @public */
export type MetricsGroupBy = 'service' | 'team' | 'system';

/** One row of GET /metrics @public */
export interface GroupMetrics {
  /** entity ref of the service (Component), team (Group) or system */
  group: string;
  title?: string;
  metrics: MetricsResult;
}

/** GET /metrics @public */
export interface GroupMetricsResponse {
  groupBy: MetricsGroupBy;
  window: MetricsWindow;
  observedSince?: string;
  groups: GroupMetrics[];
}

/** GET /rollouts @public */
export interface RolloutsResponse {
  window: MetricsWindow;
  rollouts: RolloutEvent[];
  syncs: SyncEvent[];
}
