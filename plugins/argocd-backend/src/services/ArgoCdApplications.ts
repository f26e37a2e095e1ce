import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ArgoCdAppKey,
  ArgoCdApplication,
  ArgoCdApplicationList,
  ArgoCdApplicationSummary,
  ArgoCdEntityAnnotations,
  ArgoCdHistoryResponse,
  ArgoCdInstanceStatus,
  ArgoCdResourcesResponse,
  applicationQueries,
  emptyReasonOf,
  initiatorOf,
  isApplication,
  notConfiguredInstance,
  orderHistory,
  refusedLookupInstance,
  resourcesOf,
  revisionsOf,
  sourcesOf,
  summarizeApplication,
  uniqueApplications,
} from '@supply-chain/plugin-argocd-common';
import {
  ArgoCdInstanceClient,
  ArgoCdInstanceError,
  ArgoCdInstancesService,
  ArgoCdRequestRejectedError,
} from '@supply-chain/plugin-argocd-node';
import { RevisionDetails } from './RevisionDetails';

/** An application found for an entity, with the instance it lives on. */
export interface LocatedApplication {
  instance: string;
  app: ArgoCdApplication;
}

/** Result of looking up an entity's applications on its instances. */
export interface EntityApplications {
  instances: ArgoCdInstanceStatus[];
  applications: LocatedApplication[];
  emptyReason?: string;
}

/** The status of an instance that could not be asked. */
export function failedInstance(
  error: ArgoCdInstanceError,
): ArgoCdInstanceStatus {
  return {
    name: error.instance,
    ok: false,
    error: {
      reason: error.reason,
      message: error.message,
      status: error.status,
    },
  };
}

/**
 * Entity → Argo CD applications, their history and resources, over every
 * configured instance. Per-instance failures are reported beside the other
 * instances' results.
 */
export class ArgoCdApplications {
  private readonly details: RevisionDetails;

  constructor(
    private readonly instances: ArgoCdInstancesService,
    logger: LoggerService,
  ) {
    this.details = new RevisionDetails(instances, logger);
    if (instances.instanceNames().length === 0) {
      logger.warn(
        'no Argo CD instance configured (argocd.appLocatorMethods); entities will show an empty state',
      );
    }
  }

  /** instance names in configuration order */
  get instanceNames(): string[] {
    return this.instances.instanceNames();
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
      wanted.map(name => this.findOnInstance(name, annotations)),
    );
    const instances = results.map(([status]) => status);
    const applications = results.flatMap(([, apps]) => apps);
    return {
      instances,
      applications,
      emptyReason:
        applications.length === 0
          ? emptyReasonOf(annotations, instances)
          : undefined,
    };
  }

  private async findOnInstance(
    name: string,
    annotations: ArgoCdEntityAnnotations,
  ): Promise<[ArgoCdInstanceStatus, LocatedApplication[]]> {
    const client = this.instances.client(name);
    if (!client) return [notConfiguredInstance(name), []];
    try {
      const lists = await Promise.all(
        applicationQueries(annotations).map(query =>
          client.request<ArgoCdApplicationList>('GET', '/api/v1/applications', {
            query,
          }),
        ),
      );
      return [
        { name, ok: true },
        uniqueApplications(lists).map(app => ({ instance: name, app })),
      ];
    } catch (error) {
      if (error instanceof ArgoCdInstanceError) {
        return [failedInstance(error), []];
      }
      if (error instanceof ArgoCdRequestRejectedError) {
        return [refusedLookupInstance(name, error.status, error.message), []];
      }
      throw error;
    }
  }

  /** The application among the entity's, or undefined (not the entity's). */
  findOwned(
    found: EntityApplications,
    key: ArgoCdAppKey,
  ): LocatedApplication | undefined {
    return found.applications.find(
      l => l.instance === key.instance && isApplication(l.app, key),
    );
  }

  /** The status of the instance when it could not be asked. */
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
    return this.client(key.instance).request<ArgoCdApplication>(
      'GET',
      `/api/v1/applications/${encodeURIComponent(key.name)}`,
      { query: { appNamespace: key.appNamespace, refresh } },
    );
  }

  /** The client of a configured instance. */
  client(instance: string): ArgoCdInstanceClient {
    const client = this.instances.client(instance);
    if (!client) throw new Error(`unknown Argo CD instance ${instance}`);
    return client;
  }

  /** What the overview card shows, commit details of the current revision included. */
  async summarize({
    instance,
    app,
  }: LocatedApplication): Promise<ArgoCdApplicationSummary> {
    const current = revisionsOf(
      {
        revision: app.status?.sync?.revision,
        revisions: app.status?.sync?.revisions,
      },
      sourcesOf(app.spec ?? {}),
    );
    return summarizeApplication({
      instance,
      app,
      revisions: await Promise.all(
        current.map(r => this.details.of(instance, app, r)),
      ),
      frontendUrl: this.client(instance).config.frontendUrl,
    });
  }

  /** Newest first, at most `limit`, with commit (or chart) details per revision. */
  async history(
    { instance, app }: LocatedApplication,
    limit: number,
  ): Promise<ArgoCdHistoryResponse> {
    const all = app.status?.history ?? [];
    const sources = sourcesOf(app.spec ?? {});
    const entries = await Promise.all(
      orderHistory(all, limit).map(async entry => ({
        id: entry.id,
        deployedAt: entry.deployedAt,
        deployStartedAt: entry.deployStartedAt,
        initiatedBy: initiatorOf(entry.initiatedBy),
        revisions: await Promise.all(
          revisionsOf(entry, sources).map(r =>
            this.details.of(instance, app, r, entry.id),
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
  resources({ instance, app }: LocatedApplication): ArgoCdResourcesResponse {
    return resourcesOf(instance, app);
  }
}
