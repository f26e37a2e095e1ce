import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  RolloutEvent,
  RolloutOutcome,
  SyncEvent,
} from '@supply-chain/plugin-deployment-metrics-common';
import { Knex } from 'knex';

const ROLLOUTS = 'deployment_metrics_rollouts';
const DEPLOYMENTS = 'deployment_metrics_deployments';
const SYNCS = 'deployment_metrics_syncs';
const META = 'deployment_metrics_meta';

/** A rollout row as written by the recorder. */
export interface NewRollout {
  cluster: string;
  namespace: string;
  deployment: string;
  deploymentUid: string;
  fromRevision?: number;
  toRevision: number;
  version?: string;
  images: string[];
  startedAt: number;
  rollback: boolean;
  desiredReplicas: number;
  minAvailableReplicas: number;
}

/** The state of one recorded rollout the recorder needs to advance it. */
export interface OpenRollout {
  id: number;
  toRevision: number;
  outcome: RolloutOutcome;
  startedAt: number;
  stalledAt?: number;
  minAvailableReplicas: number;
}

/** A Deployment seen by the recorder (for mapping to catalog entities). */
export interface KnownDeployment {
  cluster: string;
  deploymentUid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
}

/** An Argo CD sync as written by the sync recorder. */
export interface NewSync {
  instance: string;
  appNamespace: string;
  application: string;
  appLabels: Record<string, string>;
  revision: string;
  result: string;
  startedAt: number;
  finishedAt?: number;
}

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

/** What {@link RolloutStore.aggregate} reads for a window. */
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

const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);
const iso = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : new Date(Number(v)).toISOString();

function durationOf(start: number, end: number) {
  const ms = end - start;
  return ms < 0
    ? { seconds: 0, clockSkew: true }
    : { seconds: Math.round(ms / 1000), clockSkew: false };
}

/**
 * The plugin's tables (knex; SQLite in development, PostgreSQL in
 * production). Every write is idempotent so that several backend replicas
 * recording the same cluster store each event once: inserts ignore
 * conflicts on the unique keys, updates only advance a rollout from the
 * state they read.
 */
export class RolloutStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<RolloutStore> {
    const db = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@supply-chain/plugin-deployment-metrics-backend',
          'migrations',
        ),
        tableName: 'deployment_metrics_knex_migrations',
      });
    }
    return new RolloutStore(db);
  }

  /** for tests and the bench */
  get knex(): Knex {
    return this.db;
  }

  /** When recording began (first start of the plugin on this database); set once. */
  async observedSince(now: number): Promise<string> {
    await this.db(META)
      .insert({ key: 'observed_since', value: new Date(now).toISOString() })
      .onConflict('key')
      .ignore();
    const row = await this.db(META).where({ key: 'observed_since' }).first();
    return row.value;
  }

  async rememberDeployment(d: KnownDeployment, now: number): Promise<void> {
    await this.db(DEPLOYMENTS)
      .insert({
        cluster: d.cluster,
        deployment_uid: d.deploymentUid,
        namespace: d.namespace,
        name: d.name,
        labels: JSON.stringify(d.labels),
        last_seen: now,
      })
      .onConflict(['cluster', 'deployment_uid'])
      .merge(['labels', 'last_seen', 'namespace', 'name']);
  }

  async deployments(): Promise<KnownDeployment[]> {
    const rows = await this.db(DEPLOYMENTS).select();
    return rows.map(r => ({
      cluster: r.cluster,
      deploymentUid: r.deployment_uid,
      namespace: r.namespace,
      name: r.name,
      labels: JSON.parse(r.labels),
    }));
  }

  /** the newest recorded rollout of a Deployment */
  async latestRollout(
    cluster: string,
    deploymentUid: string,
  ): Promise<OpenRollout | undefined> {
    const row = await this.db(ROLLOUTS)
      .where({ cluster, deployment_uid: deploymentUid })
      .orderBy('to_revision', 'desc')
      .first();
    return row ? this.open(row) : undefined;
  }

  async rollout(
    cluster: string,
    deploymentUid: string,
    toRevision: number,
  ): Promise<OpenRollout | undefined> {
    const row = await this.db(ROLLOUTS)
      .where({
        cluster,
        deployment_uid: deploymentUid,
        to_revision: toRevision,
      })
      .first();
    return row ? this.open(row) : undefined;
  }

  private open(row: any): OpenRollout {
    return {
      id: Number(row.id),
      toRevision: Number(row.to_revision),
      outcome: row.outcome,
      startedAt: Number(row.started_at),
      stalledAt: num(row.stalled_at),
      minAvailableReplicas: Number(row.min_available_replicas),
    };
  }

  /** Inserts the rollout unless another replica already did; true when this call inserted it. */
  async insertRollout(r: NewRollout, now: number): Promise<boolean> {
    const result: any = await this.db(ROLLOUTS)
      .insert({
        cluster: r.cluster,
        namespace: r.namespace,
        deployment: r.deployment,
        deployment_uid: r.deploymentUid,
        from_revision: r.fromRevision ?? null,
        to_revision: r.toRevision,
        version: r.version ?? null,
        images: JSON.stringify(r.images),
        started_at: r.startedAt,
        outcome: 'in-progress',
        clock_skew: false,
        rollback: r.rollback,
        desired_replicas: r.desiredReplicas,
        min_available_replicas: r.minAvailableReplicas,
        recorded_at: now,
      })
      .onConflict(['cluster', 'deployment_uid', 'to_revision'])
      .ignore()
      .returning('id');
    return Array.isArray(result) && result.length > 0;
  }

  /** Lowers the minimum of available replicas seen while it rolled out. */
  async observeAvailable(
    id: number,
    available: number,
    desired: number,
  ): Promise<void> {
    await this.db(ROLLOUTS)
      .where({ id })
      .whereIn('outcome', ['in-progress', 'stalled'])
      .where('min_available_replicas', '>', available)
      .update({ min_available_replicas: available });
    await this.db(ROLLOUTS)
      .where({ id })
      .whereIn('outcome', ['in-progress', 'stalled'])
      // the fewest asked for: a scale-up while rolling out is no capacity drop
      .where('desired_replicas', '>', desired)
      .update({ desired_replicas: desired });
  }

  async markStalled(id: number, stalledAt: number): Promise<void> {
    await this.db(ROLLOUTS)
      .where({ id, outcome: 'in-progress' })
      .whereNull('stalled_at')
      .update({ stalled_at: stalledAt, outcome: 'stalled' });
  }

  async markCompleted(
    id: number,
    startedAt: number,
    finishedAt: number,
  ): Promise<void> {
    const d = durationOf(startedAt, finishedAt);
    await this.db(ROLLOUTS)
      .where({ id })
      .whereIn('outcome', ['in-progress', 'stalled'])
      .update({
        outcome: 'completed',
        finished_at: finishedAt,
        duration_seconds: d.seconds,
        clock_skew: d.clockSkew,
      });
  }

  /**
   * A newer rollout of the Deployment started: the one just before it is
   * rolled back (when the newer one is a rollback) and any older unfinished
   * one is superseded (or stays stalled).
   */
  async closeOlder(
    cluster: string,
    deploymentUid: string,
    toRevision: number,
    rollback: boolean,
    at: number,
  ): Promise<void> {
    if (rollback) {
      const previous = await this.db(ROLLOUTS)
        .where({ cluster, deployment_uid: deploymentUid })
        .where('to_revision', '<', toRevision)
        .orderBy('to_revision', 'desc')
        .first();
      if (previous && previous.outcome !== 'rolled-back') {
        await this.db(ROLLOUTS)
          .where({ id: previous.id })
          .whereNot('outcome', 'rolled-back')
          .update({
            outcome: 'rolled-back',
            finished_at: previous.finished_at ?? at,
          });
      }
    }
    await this.db(ROLLOUTS)
      .where({ cluster, deployment_uid: deploymentUid, outcome: 'in-progress' })
      .where('to_revision', '<', toRevision)
      .update({ outcome: 'superseded', finished_at: at });
  }

  async insertSync(s: NewSync): Promise<void> {
    const d =
      s.finishedAt !== undefined
        ? durationOf(s.startedAt, s.finishedAt)
        : undefined;
    await this.db(SYNCS)
      .insert({
        instance: s.instance,
        app_namespace: s.appNamespace,
        application: s.application,
        app_labels: JSON.stringify(s.appLabels),
        revision: s.revision.slice(0, 255),
        result: s.result,
        started_at: s.startedAt,
        finished_at: s.finishedAt ?? null,
        duration_seconds: d?.seconds ?? null,
        clock_skew: d?.clockSkew ?? false,
      })
      .onConflict(['instance', 'app_namespace', 'application', 'started_at'])
      .ignore();
  }

  /** Rollouts started at or after `from` (and before `to`, when given), optionally of some Deployments. */
  async rollouts(options: {
    from: number;
    to?: number;
    deploymentUids?: string[];
  }): Promise<RolloutEvent[]> {
    const query = this.db(ROLLOUTS)
      .where('started_at', '>=', options.from)
      .orderBy('started_at', 'asc');
    if (options.to !== undefined) query.where('started_at', '<', options.to);
    if (options.deploymentUids) {
      if (options.deploymentUids.length === 0) return [];
      query.whereIn('deployment_uid', options.deploymentUids);
    }
    const rows = await query.select();
    return rows.map(toRolloutEvent);
  }

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
    const failed = `(stalled_at IS NOT NULL OR outcome IN ('stalled', 'rolled-back'))`;
    const finished = `(NOT "rollback" AND outcome <> 'in-progress')`;
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
          this.db.raw(
            `SUM(CASE WHEN ${finished} THEN 1 ELSE 0 END) AS finished`,
          ),
          this.db.raw(
            `SUM(CASE WHEN ${finished} AND NOT ${failed} THEN 1 ELSE 0 END) AS succeeded`,
          ),
          this.db.raw(
            `SUM(CASE WHEN "rollback" THEN 1 ELSE 0 END) AS rollbacks`,
          ),
          this.db.raw(
            `SUM(CASE WHEN desired_replicas > 0 AND min_available_replicas < desired_replicas THEN 1 ELSE 0 END) AS capacity_drops`,
          ),
          this.db.raw(`SUM(CASE WHEN ${failed} THEN 1 ELSE 0 END) AS failures`),
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
        .whereRaw(failed.replace(/(stalled_at|outcome)/g, 'f.$1')),
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

  async syncs(options: {
    from: number;
    to: number;
    applications?: Array<{ instance?: string; application: string }>;
  }): Promise<Array<SyncEvent & { appLabels: Record<string, string> }>> {
    const rows = await this.db(SYNCS)
      .where('started_at', '>=', options.from)
      .where('started_at', '<', options.to)
      .orderBy('started_at', 'asc')
      .select();
    return rows.map(r => ({
      instance: r.instance,
      appNamespace: r.app_namespace,
      application: r.application,
      appLabels: JSON.parse(r.app_labels),
      revision: r.revision,
      result: r.result,
      startedAt: iso(r.started_at)!,
      finishedAt: iso(r.finished_at),
      durationSeconds: num(r.duration_seconds),
      clockSkew: !!r.clock_skew,
    }));
  }

  /** Deletes events that started before `before`; returns how many. */
  async prune(before: number): Promise<{ rollouts: number; syncs: number }> {
    const rollouts = await this.db(ROLLOUTS)
      .where('started_at', '<', before)
      .delete();
    const syncs = await this.db(SYNCS)
      .where('started_at', '<', before)
      .delete();
    return { rollouts, syncs };
  }
}

function toRolloutEvent(r: any): RolloutEvent {
  return {
    cluster: r.cluster,
    namespace: r.namespace,
    deployment: r.deployment,
    deploymentUid: r.deployment_uid,
    fromRevision: num(r.from_revision),
    toRevision: Number(r.to_revision),
    version: r.version ?? undefined,
    images: JSON.parse(r.images),
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
    stalledAt: iso(r.stalled_at),
    outcome: r.outcome,
    durationSeconds: num(r.duration_seconds),
    clockSkew: !!r.clock_skew,
    rollback: !!r.rollback,
    desiredReplicas: Number(r.desired_replicas),
    minAvailableReplicas: Number(r.min_available_replicas),
  };
}
