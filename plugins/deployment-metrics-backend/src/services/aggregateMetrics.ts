import {
  DeploymentMetrics,
  MetricsBucket,
  MetricsWindow,
  SyncEvent,
} from '@supply-chain/plugin-deployment-metrics-common';
import { percentile } from '@supply-chain/portal-common';
import { RolloutAggregates, RolloutBucketCounts } from './stores';

const DAY_MS = 86_400_000;

/** The bucket size `computeDeploymentMetrics` uses: days up to 31 days, else weeks. */
export function bucketOf(window: MetricsWindow) {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const days = Math.max((to - from) / DAY_MS, 1 / 24);
  const bucket: 'day' | 'week' = days <= 31 ? 'day' : 'week';
  return {
    from,
    to,
    days,
    bucket,
    bucketMs: bucket === 'day' ? DAY_MS : 7 * DAY_MS,
  };
}

type Counts = Omit<RolloutBucketCounts, 'deploymentUid' | 'bucket'>;
const zero = (): Counts => ({
  deployments: 0,
  finished: 0,
  succeeded: 0,
  rollbacks: 0,
  capacityDrops: 0,
  failures: 0,
  clockSkewed: 0,
  total: 0,
});
function add(into: Counts, c: Counts) {
  for (const k of Object.keys(into) as Array<keyof Counts>) into[k] += c[k];
}

function indexBy<T extends { deploymentUid: string }>(rows: T[]) {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.deploymentUid);
    if (list) list.push(r);
    else map.set(r.deploymentUid, [r]);
  }
  return map;
}

/** {@link RolloutAggregates} indexed by Deployment uid, for many groups. */
export class IndexedAggregates {
  private readonly buckets: Map<string, RolloutAggregates['buckets']>;
  private readonly durations: Map<string, RolloutAggregates['durations']>;
  private readonly failures: Map<string, RolloutAggregates['failures']>;

  constructor(aggregates: RolloutAggregates) {
    this.buckets = indexBy(aggregates.buckets);
    this.durations = indexBy(aggregates.durations);
    this.failures = indexBy(aggregates.failures);
  }

  /** how many rollouts of these Deployments started in the window */
  total(uids: Iterable<string>): number {
    let n = 0;
    for (const u of uids) {
      for (const b of this.buckets.get(u) ?? []) n += b.total;
    }
    return n;
  }

  /**
   * The same numbers as `computeDeploymentMetrics` of `-common` over the
   * rollouts of these Deployments (each uid once), from the database's
   * counts: sums of the per-Deployment buckets, percentiles over the
   * durations only, time to recover from the failed rollouts only.
   */
  metrics(
    window: MetricsWindow,
    uids: Iterable<string>,
    syncs: SyncEvent[],
  ): DeploymentMetrics {
    const { from, to, days, bucket, bucketMs } = bucketOf(window);
    const totals = zero();
    const perBucket = new Map<number, Counts>();
    const durations: number[] = [];
    const bucketDurations = new Map<number, number[]>();
    const recovered: number[] = [];
    let failed = 0;
    for (const uid of uids) {
      for (const b of this.buckets.get(uid) ?? []) {
        add(totals, b);
        let c = perBucket.get(b.bucket);
        if (!c) perBucket.set(b.bucket, (c = zero()));
        add(c, b);
      }
      for (const d of this.durations.get(uid) ?? []) {
        durations.push(d.seconds);
        const list = bucketDurations.get(d.bucket);
        if (list) list.push(d.seconds);
        else bucketDurations.set(d.bucket, [d.seconds]);
      }
      for (const f of this.failures.get(uid) ?? []) {
        failed += 1;
        const failedAt =
          f.stalledAt ??
          (f.outcome === 'stalled' ? f.finishedAt : undefined) ??
          f.startedAt;
        const recoveredAt =
          f.outcome === 'completed' ? f.finishedAt : f.nextCompletedAt;
        if (recoveredAt === undefined) continue;
        const ms = recoveredAt - failedAt;
        recovered.push(ms < 0 ? 0 : Math.round(ms / 1000));
      }
    }
    const series: MetricsBucket[] = [];
    for (let t = from, i = 0; t < to; t += bucketMs, i++) {
      const c = perBucket.get(i) ?? zero();
      const d = bucketDurations.get(i) ?? [];
      series.push({
        start: new Date(t).toISOString(),
        deployments: c.deployments,
        medianDurationSeconds: percentile(d, 50),
        p90DurationSeconds: percentile(d, 90),
        firstTimeSuccessRate: c.finished ? c.succeeded / c.finished : undefined,
        rollbacks: c.rollbacks,
        capacityDrops: c.capacityDrops,
        failures: c.failures,
      });
    }
    const insideSyncs = syncs.filter(s => {
      const t = Date.parse(s.startedAt);
      return t >= from && t < to;
    });
    return {
      window,
      deployments: totals.deployments,
      deploymentsPerDay: totals.deployments / days,
      deploymentsPerWeek: (totals.deployments / days) * 7,
      medianDurationSeconds: percentile(durations, 50),
      p90DurationSeconds: percentile(durations, 90),
      firstTimeSuccessRate: totals.finished
        ? totals.succeeded / totals.finished
        : undefined,
      failures: totals.failures,
      medianTimeToRecoverSeconds: percentile(recovered, 50),
      unrecovered: failed - recovered.length,
      rollbacks: totals.rollbacks,
      capacityDrops: totals.capacityDrops,
      clockSkewed: totals.clockSkewed,
      syncs: insideSyncs.length,
      failedSyncs: insideSyncs.filter(s => s.result !== 'Succeeded').length,
      bucket,
      series,
    };
  }
}
