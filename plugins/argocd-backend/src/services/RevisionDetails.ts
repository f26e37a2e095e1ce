import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ArgoCdApplication,
  ArgoCdChartDetails,
  ArgoCdRevision,
  ArgoCdRevisionMetadata,
  SourcedRevision,
} from '@supply-chain/plugin-argocd-common';
import { ArgoCdInstancesService } from '@supply-chain/plugin-argocd-node';
import pLimit from 'p-limit';

type Details = Pick<
  ArgoCdRevision,
  'detailsStatus' | 'details' | 'detailsError'
>;

const CACHE_SIZE = 5000;

/**
 * Commit metadata (git) or chart details (Helm) of revisions, cached by
 * instance + repository + revision (+ chart), fetched at most
 * `metadataConcurrency` at a time per instance. A failure is reported for
 * that revision only and is not cached.
 */
export class RevisionDetails {
  // insertion-ordered: the oldest entry is dropped when full
  private readonly cache = new Map<string, Promise<Details>>();
  private readonly limits = new Map<string, ReturnType<typeof pLimit>>();

  constructor(
    private readonly instances: ArgoCdInstancesService,
    private readonly logger: LoggerService,
  ) {}

  /** The revision with its details (or why there are none). */
  async of(
    instance: string,
    app: ArgoCdApplication,
    r: SourcedRevision,
    historyId?: number,
  ): Promise<ArgoCdRevision> {
    return {
      sourceIndex: r.sourceIndex,
      revision: r.revision,
      kind: r.kind,
      repoURL: r.source?.repoURL,
      path: r.source?.path,
      chart: r.source?.chart,
      ...(await this.details(instance, app, r, historyId)),
    };
  }

  private details(
    instance: string,
    app: ArgoCdApplication,
    r: SourcedRevision,
    historyId?: number,
  ): Promise<Details> {
    if (r.kind !== 'git' && r.kind !== 'helm') {
      return Promise.resolve({ detailsStatus: 'not-applicable' });
    }
    const key = [
      instance,
      r.source?.repoURL ?? `${app.metadata.namespace}/${app.metadata.name}`,
      r.source?.chart ?? '',
      r.revision,
    ].join('|');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = this.limit(instance)(() =>
      this.fetch(instance, app, r, historyId),
    ).catch((error: Error): Details => {
      this.cache.delete(key);
      this.logger.warn(
        `metadata of revision ${r.revision} of ${app.metadata.name} unavailable: ${error.message}`,
      );
      return {
        detailsStatus: 'unavailable',
        detailsError: `metadata unavailable: ${error.message}`,
      };
    });
    this.remember(key, promise);
    return promise;
  }

  private async fetch(
    instance: string,
    app: ArgoCdApplication,
    r: SourcedRevision,
    historyId?: number,
  ): Promise<Details> {
    const client = this.instances.client(instance);
    if (!client) throw new Error(`unknown Argo CD instance ${instance}`);
    const multiSource = (app.spec?.sources?.length ?? 0) > 0;
    const query = {
      appNamespace: app.metadata.namespace,
      project: app.spec?.project,
      sourceIndex: multiSource ? r.sourceIndex : undefined,
      versionId: historyId,
    };
    const path = `/api/v1/applications/${encodeURIComponent(
      app.metadata.name,
    )}/revisions/${encodeURIComponent(r.revision)}/${
      r.kind === 'git' ? 'metadata' : 'chartdetails'
    }`;
    if (r.kind === 'git') {
      const m = await client.request<ArgoCdRevisionMetadata>('GET', path, {
        query,
      });
      return {
        detailsStatus: 'ok',
        details: {
          author: m.author,
          date: m.date,
          message: m.message,
          tags: m.tags ?? undefined,
        },
      };
    }
    const c = await client.request<ArgoCdChartDetails>('GET', path, {
      query,
    });
    return { detailsStatus: 'ok', details: { description: c.description } };
  }

  private limit(instance: string) {
    let limit = this.limits.get(instance);
    if (!limit) {
      limit = pLimit(this.instances.settings.metadataConcurrency);
      this.limits.set(instance, limit);
    }
    return limit;
  }

  private remember(key: string, value: Promise<Details>) {
    this.cache.delete(key);
    this.cache.set(key, value);
    if (this.cache.size > CACHE_SIZE) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
  }
}
