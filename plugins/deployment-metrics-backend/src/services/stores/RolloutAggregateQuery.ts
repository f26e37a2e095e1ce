import { RolloutOutcome } from '@supply-chain/plugin-deployment-metrics-common';
import { Knex } from 'knex';
import { num } from './rows';

const ROLLOUTS = 'deployment_metrics_rollouts';

/** Counts of the rollouts of one Deployment that started in one bucket. */
export interface RolloutBucketCounts {
  deploymentUid: string;
  /** `(startedAt - from) / bucketMs`, rounded down */
  bucket: number;
  /** not rollbacks */
  deployments: number;
  /** not rollbacks, no longer in progress */
  finished: number;
  /** finished without stall or rollback */
  succeeded: number;
  rollbacks: number;
  capacityDrops: number;
  /** stalled or rolled back */
  failures: number;
  clockSkewed: number;
  /** every rollout */
  total: number;
}

/** What {@link RolloutAggregateQuery.aggregate} reads for a window. */
export interface RolloutAggregates {
  buckets: RolloutBucketCounts[];
  /** seconds of each completed rollout */
  durations: Array<{ deploymentUid: string; bucket: number; seconds: number }>;
  /** each failed rollout; `nextCompletedAt`: end of the first later completed rollout */
  failures: Array<{
    deploymentUid: string;
    outcome: RolloutOutcome;
    startedAt: number;
    stalledAt?: number;
    finishedAt?: number;
    nextCompletedAt?: number;
  }>;
}

/**
 * The rollout is a failure: it stalled at some point, or ended stalled or
 * rolled back. `table` qualifies the columns when the query joins the table
 * to itself.
 */
function failed(db: Knex, table?: string): Knex.Raw {
  const column = (name: string) => (table ? `${table}.${name}` : name);
  return db.raw(`(?? IS NOT NULL OR ?? IN ('stalled', 'rolled-back'))`, [
    column('stalled_at'),
    column('outcome'),
  ]);
}

/** The grouped reads behind the metrics of a window (`deployment_metrics_rollouts`). */
export class RolloutAggregateQuery {
  constructor(private readonly db: Knex) {}

  /**
   * The counts behind the metrics of a window, grouped in the database per
   * Deployment and bucket (`(started_at - from) / bucketMs`), so that a long
   * window does not read every rollout: one row per Deployment and bucket,
   * the durations of completed rollouts (for the percentiles), and every
   * failed rollout with the end of the first later completed rollout of its
   * Deployment that started in or after the window (for time to recover).
   * The same SQL runs on SQLite and PostgreSQL.
   */
  async aggregate(options: {
    from: number;
    to: number;
    bucketMs: number;
  }): Promise<RolloutAggregates> {
    const { from, to, bucketMs } = options;
    const isFailed = failed(this.db);
    const finished = this.db.raw(
      `(NOT "rollback" AND outcome <> 'in-progress')`,
    );
    // integer division on PostgreSQL (bigint / bigint), truncated on SQLite
    const bucket = this.db.raw('CAST((started_at - ?) / ? AS INTEGER)', [
      from,
      bucketMs,
    ]);
    const [buckets, durations, failures] = await Promise.all([
      this.db(ROLLOUTS)
        .select(
          'deployment_uid',
          this.db.raw('? AS bucket', [bucket]),
          this.db.raw(
            `SUM(CASE WHEN "rollback" THEN 0 ELSE 1 END) AS deployments`,
          ),
          this.db.raw('SUM(CASE WHEN ? THEN 1 ELSE 0 END) AS finished', [
            finished,
          ]),
          this.db.raw(
            'SUM(CASE WHEN ? AND NOT ? THEN 1 ELSE 0 END) AS succeeded',
            [finished, isFailed],
          ),
          this.db.raw(
            `SUM(CASE WHEN "rollback" THEN 1 ELSE 0 END) AS rollbacks`,
          ),
          this.db.raw(
            `SUM(CASE WHEN desired_replicas > 0 AND min_available_replicas < desired_replicas THEN 1 ELSE 0 END) AS capacity_drops`,
          ),
          this.db.raw('SUM(CASE WHEN ? THEN 1 ELSE 0 END) AS failures', [
            isFailed,
          ]),
          this.db.raw(
            `SUM(CASE WHEN clock_skew THEN 1 ELSE 0 END) AS clock_skewed`,
          ),
          this.db.raw('COUNT(*) AS total'),
        )
        .where('started_at', '>=', from)
        .where('started_at', '<', to)
        .groupByRaw('1, 2'),
      this.db(ROLLOUTS)
        .select(
          'deployment_uid',
          this.db.raw('? AS bucket', [bucket]),
          'duration_seconds',
        )
        .where('started_at', '>=', from)
        .where('started_at', '<', to)
        .where('outcome', 'completed')
        .whereNotNull('duration_seconds'),
      this.db(`${ROLLOUTS} as f`)
        .select(
          'f.deployment_uid',
          'f.outcome',
          'f.started_at',
          'f.stalled_at',
          'f.finished_at',
          this.db
            .select('c.finished_at')
            .from(`${ROLLOUTS} as c`)
            .whereRaw('c.cluster = f.cluster')
            .whereRaw('c.namespace = f.namespace')
            .whereRaw('c.deployment_uid = f.deployment_uid')
            .whereRaw('c.to_revision > f.to_revision')
            .where('c.outcome', 'completed')
            .where('c.started_at', '>=', from)
            .orderBy('c.to_revision', 'asc')
            .limit(1)
            .as('next_completed_at'),
        )
        .where('f.started_at', '>=', from)
        .where('f.started_at', '<', to)
        .where(failed(this.db, 'f')),
    ]);
    return {
      buckets: buckets.map((r: any) => ({
        deploymentUid: r.deployment_uid,
        bucket: Number(r.bucket),
        deployments: Number(r.deployments),
        finished: Number(r.finished),
        succeeded: Number(r.succeeded),
        rollbacks: Number(r.rollbacks),
        capacityDrops: Number(r.capacity_drops),
        failures: Number(r.failures),
        clockSkewed: Number(r.clock_skewed),
        total: Number(r.total),
      })),
      durations: durations.map((r: any) => ({
        deploymentUid: r.deployment_uid,
        bucket: Number(r.bucket),
        seconds: Number(r.duration_seconds),
      })),
      failures: failures.map((r: any) => ({
        deploymentUid: r.deployment_uid,
        outcome: r.outcome,
        startedAt: Number(r.started_at),
        stalledAt: num(r.stalled_at),
        finishedAt: num(r.finished_at),
        nextCompletedAt: num(r.next_completed_at),
      })),
    };
  }
}
