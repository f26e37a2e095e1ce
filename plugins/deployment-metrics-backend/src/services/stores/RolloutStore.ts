import {
  RolloutEvent,
  RolloutOutcome,
} from '@supply-chain/plugin-deployment-metrics-common';
import { Knex } from 'knex';
import { durationOf, iso, num } from './rows';

const ROLLOUTS = 'deployment_metrics_rollouts';
const UNFINISHED: RolloutOutcome[] = ['in-progress', 'stalled'];

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

/**
 * `deployment_metrics_rollouts`: one row per rollout (Deployment uid +
 * revision). Every write is idempotent so that several backend replicas
 * recording the same cluster store each rollout once: inserts ignore
 * conflicts on the unique key, updates only advance a rollout from the
 * state they read.
 */
export class RolloutStore {
  constructor(private readonly db: Knex) {}

  /** The recorded rollout of a Deployment to a revision. */
  async find(
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
  async insert(r: NewRollout, now: number): Promise<boolean> {
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
      .whereIn('outcome', UNFINISHED)
      .where('min_available_replicas', '>', available)
      .update({ min_available_replicas: available });
    await this.db(ROLLOUTS)
      .where({ id })
      .whereIn('outcome', UNFINISHED)
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
      .whereIn('outcome', UNFINISHED)
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

  /** Rollouts started at or after `from` (and before `to`, when given), optionally of some Deployments. */
  async list(options: {
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

  /** Deletes rollouts that started before `before`; returns how many. */
  async prune(before: number): Promise<number> {
    return this.db(ROLLOUTS).where('started_at', '<', before).delete();
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
