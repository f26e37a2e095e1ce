import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  ARGOCD_ANNOTATION_PROJECT_NAME,
  ArgoCdActionResponse,
  ArgoCdApplication,
  ArgoCdApplicationList,
  ArgoCdApplicationSummary,
  ArgoCdChartDetails,
  ArgoCdEntityAnnotations,
  ArgoCdHistoryResponse,
  ArgoCdInstanceStatus,
  ArgoCdOperationSummary,
  ArgoCdResourcesResponse,
  ArgoCdRevision,
  ArgoCdRevisionMetadata,
  ArgoCdSourceSummary,
  SourcedRevision,
  orderHistory,
  problemResources,
  revisionsOf,
  sourcesOf,
} from '@supply-chain/plugin-argocd-common';
import pLimit from 'p-limit';
import {
  ArgoCdFetch,
  ArgoCdInstanceClient,
  ArgoCdInstanceConfig,
  ArgoCdInstanceError,
  ArgoCdInstancesService,
  ArgoCdRequestRejectedError,
  DefaultArgoCdInstances,
} from '@supply-chain/plugin-argocd-node';

/** An application found for an entity, with the instance it lives on. */
export interface LocatedApplication {
  instance: string;
  app: ArgoCdApplication;
}

/** Which application a per-app request is about. */
export interface ArgoCdAppKey {
  instance: string;
  name: string;
  appNamespace?: string;
}

/** Result of looking up an entity's applications on its instances. */
export interface EntityApplications {
  instances: ArgoCdInstanceStatus[];
  applications: LocatedApplication[];
  emptyReason?: string;
}

type Limit = ReturnType<typeof pLimit>;

/** Bounded map: drops the oldest entry when full. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V) {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.size) {
      this.map.delete(this.map.keys().next().value as string);
    }
  }
  delete(key: string) {
    this.map.delete(key);
  }
}

type Details = Pick<
  ArgoCdRevision,
  'detailsStatus' | 'details' | 'detailsError'
>;

function operationOf(
  app: ArgoCdApplication,
): ArgoCdOperationSummary | undefined {
  const op = app.status?.operationState;
  const requested = app.operation;
  if (requested && op?.phase !== 'Running') {
    // accepted by Argo CD, not yet started by the application controller
    return {
      phase: 'Running',
      message: 'operation requested, waiting for the application controller',
      initiatedBy: requested.initiatedBy?.username,
    };
  }
  if (!op?.phase) return undefined;
  const by = op.operation?.initiatedBy;
  return {
    phase: op.phase,
    message: op.message || undefined,
    startedAt: op.startedAt,
    finishedAt: op.finishedAt,
    initiatedBy: by?.automated ? 'automated sync' : by?.username,
  };
}

function sameApp(app: ArgoCdApplication, key: ArgoCdAppKey): boolean {
  return (
    app.metadata.name === key.name &&
    (key.appNamespace === undefined ||
      app.metadata.namespace === key.appNamespace)
  );
}

/**
 * Entity → Argo CD applications, their history, resources and actions, over
 * every configured instance. Per-instance failures are reported beside the
 * other instances' results; commit metadata is fetched with bounded
 * concurrency and cached by revision.
 */
export class ArgoCdService {
  private readonly metadataCache = new BoundedCache<Promise<Details>>(5000);
  private readonly limits = new Map<string, Limit>();

  private constructor(
    private readonly clients: Map<string, ArgoCdInstanceClient>,
    private readonly logger: LoggerService,
    metadataConcurrency: number,
  ) {
    for (const name of clients.keys()) {
      this.limits.set(name, pLimit(metadataConcurrency));
    }
  }

  static create(options: {
    /** the shared instance clients (argocdInstancesServiceRef); built from `config` when absent */
    instances?: ArgoCdInstancesService;
    config?: Config;
    logger: LoggerService;
    /** for tests: replaces the HTTP client of every instance */
    fetch?: ArgoCdFetch;
  }): ArgoCdService {
    let instances = options.instances;
    if (!instances) {
      if (!options.config) {
        throw new Error('ArgoCdService.create needs instances or config');
      }
      instances = DefaultArgoCdInstances.fromConfig({
        config: options.config,
        logger: options.logger,
        fetch: options.fetch,
      });
    }
    const clients = new Map<string, ArgoCdInstanceClient>();
    for (const name of instances.instanceNames()) {
      clients.set(name, instances.client(name)!);
    }
    if (clients.size === 0) {
      options.logger.warn(
        'no Argo CD instance configured (argocd.appLocatorMethods); entities will show an empty state',
      );
    }
    return new ArgoCdService(
      clients,
      options.logger,
      instances.settings.metadataConcurrency,
    );
  }

  /** instance names in configuration order */
  get instanceNames(): string[] {
    return [...this.clients.keys()];
  }

  /** the client of an instance (for tests and the bench) */
  client(name: string): ArgoCdInstanceClient | undefined {
    return this.clients.get(name);
  }

  private instanceConfig(name: string): ArgoCdInstanceConfig {
    return this.clients.get(name)!.config;
  }

  /** The applications the entity's annotations point at, per instance. */
  async findApplications(
    annotations: ArgoCdEntityAnnotations,
  ): Promise<EntityApplications> {
    const wanted =
      annotations.instanceNames.length > 0
        ? annotations.instanceNames
        : this.instanceNames;
    const results = await Promise.all(
      wanted.map(
        async (name): Promise<[ArgoCdInstanceStatus, LocatedApplication[]]> => {
          const client = this.clients.get(name);
          if (!client) {
            return [
              {
                name,
                ok: false,
                error: {
                  reason: 'not-configured',
                  message: `No Argo CD instance named "${name}" is configured (argocd.appLocatorMethods); check the argocd/instance-name annotation`,
                },
              },
              [],
            ];
          }
          try {
            const apps = await this.listOnInstance(client, annotations);
            return [
              { name, ok: true },
              apps.map(app => ({ instance: name, app })),
            ];
          } catch (error) {
            if (error instanceof ArgoCdInstanceError) {
              return [
                {
                  name,
                  ok: false,
                  error: {
                    reason: error.reason,
                    message: error.message,
                    status: error.status,
                  },
                },
                [],
              ];
            }
            if (error instanceof ArgoCdRequestRejectedError) {
              // e.g. a selector Argo CD cannot parse: labelled, not a crash
              return [
                {
                  name,
                  ok: false,
                  error: {
                    reason: 'bad-response',
                    message: `Argo CD instance "${name}" refused the application lookup (HTTP ${error.status}): ${error.message}`,
                    status: error.status,
                  },
                },
                [],
              ];
            }
            throw error;
          }
        },
      ),
    );
    const instances = results.map(([status]) => status);
    const applications = results.flatMap(([, apps]) => apps);
    let emptyReason: string | undefined;
    if (applications.length === 0) {
      emptyReason = this.emptyReason(annotations, instances);
    }
    return { instances, applications, emptyReason };
  }

  private emptyReason(
    annotations: ArgoCdEntityAnnotations,
    instances: ArgoCdInstanceStatus[],
  ): string {
    const asked = instances.filter(i => i.ok).map(i => `"${i.name}"`);
    if (asked.length === 0) {
      return instances.length === 0
        ? 'No Argo CD instance is configured (argocd.appLocatorMethods)'
        : 'No Argo CD instance could be asked; see the errors per instance';
    }
    const what: string[] = [];
    if (annotations.appNames.length > 0) {
      what.push(
        `${ARGOCD_ANNOTATION_APP_NAME} "${annotations.appNames.join(',')}"`,
      );
    }
    if (annotations.appSelector) {
      what.push(
        `${ARGOCD_ANNOTATION_APP_SELECTOR} "${annotations.appSelector}"`,
      );
    }
    if (what.length === 0 || annotations.projectNames.length > 0) {
      what.push(
        `${ARGOCD_ANNOTATION_PROJECT_NAME} "${annotations.projectNames.join(
          ',',
        )}"`,
      );
    }
    return `${what.join(
      ' and ',
    )} matched no application on Argo CD instance ${asked.join(', ')}${
      annotations.appNamespace
        ? ` in namespace "${annotations.appNamespace}"`
        : ''
    }`;
  }

  private async listOnInstance(
    client: ArgoCdInstanceClient,
    a: ArgoCdEntityAnnotations,
  ): Promise<ArgoCdApplication[]> {
    const common = {
      appNamespace: a.appNamespace,
      projects: a.projectNames.length > 0 ? a.projectNames : undefined,
    };
    const queries: Array<Record<string, string | string[] | undefined>> = [];
    for (const name of a.appNames) queries.push({ ...common, name });
    if (a.appSelector) queries.push({ ...common, selector: a.appSelector });
    if (queries.length === 0) queries.push(common); // project only
    const lists = await Promise.all(
      queries.map(query =>
        client.request<ArgoCdApplicationList>('GET', '/api/v1/applications', {
          query,
        }),
      ),
    );
    const seen = new Set<string>();
    const apps: ArgoCdApplication[] = [];
    for (const list of lists) {
      for (const app of list.items ?? []) {
        const key = `${app.metadata.namespace}/${app.metadata.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        apps.push(app);
      }
    }
    return apps.sort((x, y) => x.metadata.name.localeCompare(y.metadata.name));
  }

  /** The application among the entity's, or undefined (not the entity's). */
  findOwned(
    found: EntityApplications,
    key: ArgoCdAppKey,
  ): LocatedApplication | undefined {
    return found.applications.find(
      l => l.instance === key.instance && sameApp(l.app, key),
    );
  }

  /** Throws the instance's error when the instance could not be asked. */
  instanceFailure(
    found: EntityApplications,
    instance: string,
  ): ArgoCdInstanceStatus | undefined {
    const status = found.instances.find(i => i.name === instance);
    return status && !status.ok ? status : undefined;
  }

  /** Fresh state of one application (`refresh: 'normal'` asks Argo CD to re-compare). */
  async getApplication(
    key: ArgoCdAppKey,
    refresh?: 'normal' | 'hard',
  ): Promise<ArgoCdApplication> {
    return this.requireClient(key.instance).request<ArgoCdApplication>(
      'GET',
      `/api/v1/applications/${encodeURIComponent(key.name)}`,
      { query: { appNamespace: key.appNamespace, refresh } },
    );
  }

  private requireClient(instance: string): ArgoCdInstanceClient {
    const client = this.clients.get(instance);
    if (!client) throw new Error(`unknown Argo CD instance ${instance}`);
    return client;
  }

  /** What the overview card shows, commit details of the current revision included. */
  async summarize(
    located: LocatedApplication,
  ): Promise<ArgoCdApplicationSummary> {
    const { instance, app } = located;
    const spec = app.spec ?? {};
    const status = app.status ?? {};
    const sources = sourcesOf(spec);
    const current = revisionsOf(
      {
        revision: status.sync?.revision,
        revisions: status.sync?.revisions,
      },
      sources,
    );
    const revisions = await Promise.all(
      current.map(r => this.withDetails(instance, app, r)),
    );
    const history = orderHistory(status.history, 1);
    const op = status.operationState;
    const lastSyncedAt =
      (op?.phase === 'Succeeded' ? op.finishedAt : undefined) ??
      history[0]?.deployedAt;
    const resources = status.resources ?? [];
    const ui = this.instanceConfig(instance).frontendUrl;
    return {
      instance,
      name: app.metadata.name,
      appNamespace: app.metadata.namespace,
      project: spec.project,
      syncStatus: status.sync?.status ?? 'Unknown',
      healthStatus: status.health?.status ?? 'Unknown',
      healthMessage: status.health?.message || undefined,
      operation: operationOf(app),
      revisions,
      lastSyncedAt,
      reconciledAt: status.reconciledAt,
      sources: sources.map(
        (s): ArgoCdSourceSummary => ({
          repoURL: s.repoURL,
          path: s.path,
          chart: s.chart,
          targetRevision: s.targetRevision,
          ref: s.ref,
        }),
      ),
      destination: {
        server: spec.destination?.server,
        name: spec.destination?.name,
        namespace: spec.destination?.namespace,
      },
      uiUrl: `${ui}/applications/${encodeURIComponent(
        app.metadata.namespace ?? 'argocd',
      )}/${encodeURIComponent(app.metadata.name)}`,
      outOfSyncResources: resources.filter(r => r.status === 'OutOfSync')
        .length,
      unhealthyResources: resources.filter(
        r => r.health?.status && r.health.status !== 'Healthy',
      ).length,
      autoSync: Boolean(spec.syncPolicy?.automated),
    };
  }

  /** Newest first, at most `limit`, with commit (or chart) details per revision. */
  async history(
    located: LocatedApplication,
    limit: number,
  ): Promise<ArgoCdHistoryResponse> {
    const { instance, app } = located;
    const all = app.status?.history ?? [];
    const sources = sourcesOf(app.spec ?? {});
    const entries = await Promise.all(
      orderHistory(all, limit).map(async entry => ({
        id: entry.id,
        deployedAt: entry.deployedAt,
        deployStartedAt: entry.deployStartedAt,
        initiatedBy: entry.initiatedBy?.automated
          ? 'automated sync'
          : entry.initiatedBy?.username,
        revisions: await Promise.all(
          revisionsOf(entry, sources).map(r =>
            this.withDetails(instance, app, r, entry.id),
          ),
        ),
      })),
    );
    return {
      instance,
      name: app.metadata.name,
      entries,
      total: all.length,
      limit,
    };
  }

  /** The application's resources that are OutOfSync or not Healthy. */
  resources(located: LocatedApplication): ArgoCdResourcesResponse {
    const { instance, app } = located;
    return {
      instance,
      name: app.metadata.name,
      syncStatus: app.status?.sync?.status ?? 'Unknown',
      healthStatus: app.status?.health?.status ?? 'Unknown',
      totalResources: app.status?.resources?.length ?? 0,
      resources: problemResources(app.status?.resources),
    };
  }

  private async withDetails(
    instance: string,
    app: ArgoCdApplication,
    r: SourcedRevision,
    historyId?: number,
  ): Promise<ArgoCdRevision> {
    const base = {
      sourceIndex: r.sourceIndex,
      revision: r.revision,
      kind: r.kind,
      repoURL: r.source?.repoURL,
      path: r.source?.path,
      chart: r.source?.chart,
    };
    return { ...base, ...(await this.details(instance, app, r, historyId)) };
  }

  /**
   * Commit metadata (git) or chart details (Helm) of a revision, cached by
   * instance + repository + revision (+ chart), fetched at most
   * `metadataConcurrency` at a time per instance. A failure is reported for
   * that revision only and is not cached.
   */
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
    const cached = this.metadataCache.get(key);
    if (cached) return cached;
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
    const client = this.requireClient(instance);
    const promise = this.limits.get(instance)!(async (): Promise<Details> => {
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
      return {
        detailsStatus: 'ok',
        details: { description: c.description },
      };
    }).catch((error: Error): Details => {
      this.metadataCache.delete(key);
      this.logger.warn(
        `metadata of revision ${r.revision} of ${app.metadata.name} unavailable: ${error.message}`,
      );
      return {
        detailsStatus: 'unavailable',
        detailsError: `metadata unavailable: ${error.message}`,
      };
    });
    this.metadataCache.set(key, promise);
    return promise;
  }

  /** Starts a sync of the application to its target revision. */
  async sync(
    located: LocatedApplication,
    options: { prune: boolean },
  ): Promise<ArgoCdActionResponse> {
    const { app, instance } = located;
    const updated = await this.requireClient(
      instance,
    ).request<ArgoCdApplication>(
      'POST',
      `/api/v1/applications/${encodeURIComponent(app.metadata.name)}/sync`,
      {
        body: {
          name: app.metadata.name,
          appNamespace: app.metadata.namespace,
          prune: options.prune,
        },
      },
    );
    return this.actionResponse(
      'sync',
      instance,
      updated,
      `Sync of ${app.metadata.name} started${
        options.prune ? ' (with prune)' : ''
      }`,
    );
  }

  /** Asks Argo CD to compare the application with Git again now. */
  async refresh(located: LocatedApplication): Promise<ArgoCdActionResponse> {
    const updated = await this.getApplication(
      {
        instance: located.instance,
        name: located.app.metadata.name,
        appNamespace: located.app.metadata.namespace,
      },
      'normal',
    );
    return this.actionResponse(
      'refresh',
      located.instance,
      updated,
      `Refreshed ${updated.metadata.name}: ${
        updated.status?.sync?.status ?? 'Unknown'
      }`,
    );
  }

  /** Rolls the application back to a history entry. */
  async rollback(
    located: LocatedApplication,
    options: { id: number; prune: boolean },
  ): Promise<ArgoCdActionResponse> {
    const { app, instance } = located;
    const updated = await this.requireClient(
      instance,
    ).request<ArgoCdApplication>(
      'POST',
      `/api/v1/applications/${encodeURIComponent(app.metadata.name)}/rollback`,
      {
        body: {
          name: app.metadata.name,
          appNamespace: app.metadata.namespace,
          id: options.id,
          prune: options.prune,
        },
      },
    );
    return this.actionResponse(
      'rollback',
      instance,
      updated,
      `Rollback of ${app.metadata.name} to history entry ${options.id} started`,
    );
  }

  private actionResponse(
    action: ArgoCdActionResponse['action'],
    instance: string,
    app: ArgoCdApplication,
    message: string,
  ): ArgoCdActionResponse {
    return {
      action,
      instance,
      name: app.metadata.name,
      message,
      syncStatus: app.status?.sync?.status ?? 'Unknown',
      healthStatus: app.status?.health?.status ?? 'Unknown',
      operation: operationOf(app),
    };
  }
}
