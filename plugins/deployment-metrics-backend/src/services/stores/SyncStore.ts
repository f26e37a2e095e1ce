import { SyncEvent } from '@supply-chain/plugin-deployment-metrics-common';
import { Knex } from 'knex';
import { durationOf, iso, num } from './rows';

const SYNCS = 'deployment_metrics_syncs';

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

/** `deployment_metrics_syncs`: Argo CD syncs, each stored once. */
export class SyncStore {
  constructor(private readonly db: Knex) {}

  /** Inserts the sync unless another replica already did. */
  async insert(s: NewSync): Promise<void> {
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

  /** Syncs started in `[from, to)`, oldest first. */
  async list(options: {
    from: number;
    to: number;
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

  /** Deletes syncs that started before `before`; returns how many. */
  async prune(before: number): Promise<number> {
    return this.db(SYNCS).where('started_at', '<', before).delete();
  }
}
