import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  AttentionKind,
  AttentionSeverity,
} from '@supply-chain/plugin-attention-common';
import { Knex } from 'knex';
import { DetectedProblem } from '../detect/detectProblems';

const TABLE = 'attention_problems';

interface Row {
  id: string;
  kind: string;
  severity: string;
  entity_ref: string | null;
  owner_ref: string | null;
  source: string;
  subject: string;
  title: string;
  reason: string;
  link: string;
  opened_at: number | string;
  updated_at: number | string;
  last_seen_at: number | string;
  resolved_at: number | string | null;
}

/** A problem as stored: what was detected plus since when. */
export interface StoredProblem extends DetectedProblem {
  openedAt: number;
  updatedAt: number;
  resolvedAt?: number;
}

/** What one reconciliation changed; each problem is in at most one list across replicas. */
export interface Reconciliation {
  /** new or reopened: this replica announces them */
  opened: StoredProblem[];
  /** gone (for at least resolveAfterMs, from a source that could be read): this replica announces them */
  resolved: StoredProblem[];
  /** still open, with other words (reason, title, severity, owner) */
  updated: StoredProblem[];
}

function fromRow(row: Row): StoredProblem {
  return {
    id: row.id,
    kind: row.kind as AttentionKind,
    severity: row.severity as AttentionSeverity,
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    ...(row.owner_ref ? { ownerRef: row.owner_ref } : {}),
    source: row.source,
    subject: row.subject,
    title: row.title,
    reason: row.reason,
    link: row.link,
    openedAt: Number(row.opened_at),
    updatedAt: Number(row.updated_at),
    ...(row.resolved_at !== null && row.resolved_at !== undefined
      ? { resolvedAt: Number(row.resolved_at) }
      : {}),
  };
}

function contentOf(p: DetectedProblem) {
  return {
    kind: p.kind,
    severity: p.severity,
    entity_ref: p.entityRef ?? null,
    owner_ref: p.ownerRef ?? null,
    source: p.source,
    subject: p.subject,
    title: p.title,
    reason: p.reason,
    link: p.link,
  };
}

function sameContent(row: Row, p: DetectedProblem): boolean {
  const c = contentOf(p);
  return (Object.keys(c) as Array<keyof typeof c>).every(
    k => (row[k] ?? null) === c[k],
  );
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e.code === '23505' || // PostgreSQL unique_violation
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e.message ?? '')
  );
}

/**
 * The problems of the attention model in the plugin's database. Every replica
 * reconciles what it detected against the same rows; a change of state
 * (opened, reopened, resolved) is claimed by a write that matches only the
 * old state, so exactly one replica sees it succeed and announces it.
 */
export class ProblemStore {
  private constructor(
    private readonly db: Knex,
    private readonly resolveAfterMs: number,
  ) {}

  static async create(options: {
    database: DatabaseService;
    /** how long a problem must be gone before it is resolved */
    resolveAfterMs: number;
  }): Promise<ProblemStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@supply-chain/plugin-attention-backend',
          'migrations',
        ),
        tableName: 'attention_knex_migrations',
      });
    }
    return new ProblemStore(db, options.resolveAfterMs);
  }

  /** The open problems, oldest first. */
  async listOpen(): Promise<StoredProblem[]> {
    const rows: Row[] = await this.db(TABLE)
      .whereNull('resolved_at')
      .orderBy([{ column: 'opened_at' }, { column: 'id' }]);
    return rows.map(fromRow);
  }

  /**
   * Makes the table agree with one evaluation. `readableSources`: the sources
   * the evaluation could read; open problems of other sources stay open (a
   * cluster or Argo CD being unreachable is not a fix).
   */
  async reconcile(
    detected: DetectedProblem[],
    readableSources: ReadonlySet<string>,
    now: number = Date.now(),
  ): Promise<Reconciliation> {
    const result: Reconciliation = { opened: [], resolved: [], updated: [] };
    const unique = new Map(detected.map(p => [p.id, p]));
    const ids = [...unique.keys()];
    const known = new Map<string, Row>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows: Row[] = await this.db(TABLE).whereIn(
        'id',
        ids.slice(i, i + 500),
      );
      for (const row of rows) known.set(row.id, row);
    }

    // open, unchanged problems: one UPDATE per evaluation, not one per problem
    const stillSeen: string[] = [];
    for (const problem of unique.values()) {
      const row = known.get(problem.id);
      if (!row) {
        try {
          await this.db(TABLE).insert({
            id: problem.id,
            ...contentOf(problem),
            opened_at: now,
            updated_at: now,
            last_seen_at: now,
            resolved_at: null,
          });
          result.opened.push({ ...problem, openedAt: now, updatedAt: now });
        } catch (error) {
          // another replica inserted it first: it announces
          if (!isUniqueViolation(error)) throw error;
        }
        continue;
      }
      if (row.resolved_at !== null) {
        const reopened = await this.db(TABLE)
          .where({ id: problem.id })
          .whereNotNull('resolved_at')
          .update({
            ...contentOf(problem),
            opened_at: now,
            updated_at: now,
            last_seen_at: now,
            resolved_at: null,
          });
        if (reopened === 1) {
          result.opened.push({ ...problem, openedAt: now, updatedAt: now });
        }
        continue;
      }
      if (sameContent(row, problem)) {
        stillSeen.push(problem.id);
      } else {
        await this.db(TABLE)
          .where({ id: problem.id })
          .update({
            ...contentOf(problem),
            updated_at: now,
            last_seen_at: now,
          });
        result.updated.push({
          ...problem,
          openedAt: Number(row.opened_at),
          updatedAt: now,
        });
      }
    }

    for (let i = 0; i < stillSeen.length; i += 500) {
      await this.db(TABLE)
        .whereIn('id', stillSeen.slice(i, i + 500))
        .whereNull('resolved_at')
        .update({ last_seen_at: now });
    }

    const gone: Row[] = await this.db(TABLE)
      .whereNull('resolved_at')
      .where('last_seen_at', '<=', now - this.resolveAfterMs);
    for (const row of gone) {
      if (unique.has(row.id) || !readableSources.has(row.source)) continue;
      const resolved = await this.db(TABLE)
        .where({ id: row.id })
        .whereNull('resolved_at')
        .where('last_seen_at', '<=', now - this.resolveAfterMs)
        .update({ resolved_at: now, updated_at: now });
      if (resolved === 1) {
        result.resolved.push({ ...fromRow(row), resolvedAt: now });
      }
    }
    return result;
  }

  /** Forgets problems resolved before `before` (ms). */
  async prune(before: number): Promise<number> {
    return this.db(TABLE)
      .whereNotNull('resolved_at')
      .where('resolved_at', '<', before)
      .delete();
  }
}
