import {
  DeploymentMetrics,
  MetricsBucket,
  MetricsWindow,
  RolloutEvent,
  SyncEvent,
} from './types';
import { percentile } from '@supply-chain/portal-common';

const DAY_MS = 86_400_000;

/**
 * Seconds from `start` to `end`, clamped at 0 when the clocks disagree
 * (`clockSkew: true`); undefined when either is missing or unparsable.
 * @public
 */
export function clampedDuration(
  start: string | undefined,
  end: string | undefined,
): { seconds: number; clockSkew: boolean } | undefined {
  if (!start || !end) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  if (Number.isNaN(ms)) return undefined;
  return ms < 0
    ? { seconds: 0, clockSkew: true }
    : { seconds: Math.round(ms / 1000), clockSkew: false };
}

/** Did the rollout go wrong (stall or rollback)? @public */
export function isFailedRollout(r: RolloutEvent): boolean {
  return (
    !!r.stalledAt || r.outcome === 'stalled' || r.outcome === 'rolled-back'
  );
}

/** Did available replicas fall below desired while it rolled out? @public */
export function droppedCapacity(r: RolloutEvent): boolean {
  return r.desiredReplicas > 0 && r.minAvailableReplicas < r.desiredReplicas;
}

function deploymentKey(r: RolloutEvent): string {
  return `${r.cluster}/${r.namespace}/${r.deploymentUid || r.deployment}`;
}

/**
 * For every failed rollout in `rollouts`: seconds from the failure (the stall,
 * else the start of a rolled-back rollout) to the next completed rollout of the
 * same Deployment (its own completion, a fix or a rollback), or undefined when
 * it has not recovered. `history` must hold the later rollouts of the same
 * Deployments (it may be the same array).
 * @public
 */
export function timesToRecover(
  rollouts: RolloutEvent[],
  history: RolloutEvent[] = rollouts,
): Array<{ rollout: RolloutEvent; seconds?: number }> {
  const byDeployment = new Map<string, RolloutEvent[]>();
  for (const r of history) {
    const list = byDeployment.get(deploymentKey(r)) ?? [];
    list.push(r);
    byDeployment.set(deploymentKey(r), list);
  }
  for (const list of byDeployment.values()) {
    list.sort((a, b) => a.toRevision - b.toRevision);
  }
  return rollouts.filter(isFailedRollout).map(failed => {
    const failedAt =
      failed.stalledAt ??
      (failed.outcome === 'stalled' ? failed.finishedAt : undefined) ??
      failed.startedAt;
    let recoveredAt: string | undefined;
    if (failed.outcome === 'completed') {
      recoveredAt = failed.finishedAt;
    } else {
      const later = (byDeployment.get(deploymentKey(failed)) ?? []).find(
        r => r.toRevision > failed.toRevision && r.outcome === 'completed',
      );
      recoveredAt = later?.finishedAt;
    }
    const d = clampedDuration(failedAt, recoveredAt);
    return { rollout: failed, seconds: d?.seconds };
  });
}

function inWindow(time: string, from: number, to: number): boolean {
  const t = Date.parse(time);
  return t >= from && t < to;
}

function bucketStart(time: number, bucket: 'day' | 'week', from: number) {
  const size = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  return from + Math.floor((time - from) / size) * size;
}

function summarize(rollouts: RolloutEvent[]) {
  const deployments = rollouts.filter(r => !r.rollback);
  const durations = rollouts
    .filter(r => r.outcome === 'completed' && r.durationSeconds !== undefined)
    .map(r => r.durationSeconds!);
  const finished = deployments.filter(r => r.outcome !== 'in-progress');
  const succeeded = finished.filter(r => !isFailedRollout(r));
  return {
    deployments: deployments.length,
    medianDurationSeconds: percentile(durations, 50),
    p90DurationSeconds: percentile(durations, 90),
    firstTimeSuccessRate: finished.length
      ? succeeded.length / finished.length
      : undefined,
    rollbacks: rollouts.filter(r => r.rollback).length,
    capacityDrops: rollouts.filter(droppedCapacity).length,
    failures: rollouts.filter(isFailedRollout).length,
  };
}

/**
 * Deployment metrics over a window: the rollouts and syncs that started in
 * `[from, to)`. `history` (defaults to `rollouts`) holds later rollouts of the
 * same Deployments, so that a failure near the end of the window can recover
 * after it. Windows up to 31 days are bucketed per day, longer ones per week.
 * @public
 */
export function computeDeploymentMetrics(
  window: MetricsWindow,
  rollouts: RolloutEvent[],
  syncs: SyncEvent[] = [],
  history: RolloutEvent[] = rollouts,
): DeploymentMetrics {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const days = Math.max((to - from) / DAY_MS, 1 / 24);
  const inside = rollouts.filter(r => inWindow(r.startedAt, from, to));
  const insideSyncs = syncs.filter(s => inWindow(s.startedAt, from, to));
  const totals = summarize(inside);
  const recoveries = timesToRecover(inside, history);
  const recovered = recoveries
    .filter(x => x.seconds !== undefined)
    .map(x => x.seconds!);

  const bucket: 'day' | 'week' = days <= 31 ? 'day' : 'week';
  const size = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const byBucket = new Map<number, RolloutEvent[]>();
  for (let t = from; t < to; t += size) byBucket.set(t, []);
  for (const r of inside) {
    byBucket.get(bucketStart(Date.parse(r.startedAt), bucket, from))?.push(r);
  }
  const series: MetricsBucket[] = [...byBucket.entries()].map(
    ([start, list]) => {
      const s = summarize(list);
      return {
        start: new Date(start).toISOString(),
        deployments: s.deployments,
        medianDurationSeconds: s.medianDurationSeconds,
        p90DurationSeconds: s.p90DurationSeconds,
        firstTimeSuccessRate: s.firstTimeSuccessRate,
        rollbacks: s.rollbacks,
        capacityDrops: s.capacityDrops,
        failures: s.failures,
      };
    },
  );

  return {
    window,
    deployments: totals.deployments,
    deploymentsPerDay: totals.deployments / days,
    deploymentsPerWeek: (totals.deployments / days) * 7,
    medianDurationSeconds: totals.medianDurationSeconds,
    p90DurationSeconds: totals.p90DurationSeconds,
    firstTimeSuccessRate: totals.firstTimeSuccessRate,
    failures: totals.failures,
    medianTimeToRecoverSeconds: percentile(recovered, 50),
    unrecovered: recoveries.length - recovered.length,
    rollbacks: totals.rollbacks,
    capacityDrops: totals.capacityDrops,
    clockSkewed: inside.filter(r => r.clockSkew).length,
    syncs: insideSyncs.length,
    failedSyncs: insideSyncs.filter(s => s.result !== 'Succeeded').length,
    bucket,
    series,
  };
}

/** Which metric a drill-down asks for. @public */
export type RolloutFilter =
  | 'all'
  | 'failed'
  | 'rollback'
  | 'capacity-drop'
  | 'completed'
  | 'stalled'
  | 'rolled-back'
  | 'in-progress'
  | 'superseded';

/** The rollouts behind a number: the drill-down's filter. @public */
export function filterRollouts(
  rollouts: RolloutEvent[],
  filter: RolloutFilter,
): RolloutEvent[] {
  switch (filter) {
    case 'all':
      return rollouts;
    case 'failed':
      return rollouts.filter(isFailedRollout);
    case 'rollback':
      return rollouts.filter(r => r.rollback);
    case 'capacity-drop':
      return rollouts.filter(droppedCapacity);
    default:
      return rollouts.filter(r => r.outcome === filter);
  }
}
