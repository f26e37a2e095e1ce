import { LoggerService } from '@backstage/backend-plugin-api';
import { ArgoCdInstancesService } from '@supply-chain/plugin-argocd-node';
import { NewSync, MetricsStores } from './stores';

interface ApplicationList {
  items?: Array<{
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
    };
    status?: {
      history?: Array<{
        revision?: string;
        revisions?: string[];
        deployedAt?: string;
        deployStartedAt?: string;
      }>;
      operationState?: {
        phase?: string;
        startedAt?: string;
        finishedAt?: string;
        syncResult?: { revision?: string; revisions?: string[] };
        operation?: { sync?: { revision?: string; revisions?: string[] } };
      };
    };
  }> | null;
}

function time(value: string | undefined): number | undefined {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Records Argo CD syncs with the shared instance clients of
 * `argocdInstancesServiceRef`. Polled by a scheduled task (one run at a time
 * across replicas): each run lists the applications of every instance and
 * stores every finished sync of `status.history` (succeeded) and of
 * `status.operationState` (failed or errored); the unique key (instance,
 * application, start) keeps each sync once however often it is seen.
 */
export class ArgoCdSyncRecorder {
  private constructor(
    private readonly instances: ArgoCdInstancesService,
    private readonly stores: MetricsStores,
    private readonly logger: LoggerService,
  ) {}

  static create(options: {
    instances: ArgoCdInstancesService;
    stores: MetricsStores;
    logger: LoggerService;
  }) {
    return new ArgoCdSyncRecorder(
      options.instances,
      options.stores,
      options.logger,
    );
  }

  /** One poll of every instance; returns how many syncs were seen per instance. */
  async poll(): Promise<Record<string, number>> {
    const seen: Record<string, number> = {};
    for (const name of this.instances.instanceNames()) {
      const client = this.instances.client(name)!;
      try {
        const list = await client.request<ApplicationList>(
          'GET',
          '/api/v1/applications',
        );
        const syncs = (list.items ?? []).flatMap(app => syncsOf(name, app));
        for (const sync of syncs) await this.stores.syncs.insert(sync);
        seen[name] = syncs.length;
      } catch (error) {
        this.logger.warn(
          `could not read the syncs of Argo CD instance "${name}": ${
            (error as Error).message
          }`,
        );
      }
    }
    return seen;
  }
}

/** The finished syncs an application shows. */
export function syncsOf(
  instance: string,
  app: NonNullable<ApplicationList['items']>[number],
): NewSync[] {
  const base = {
    instance,
    appNamespace: app.metadata.namespace ?? '',
    application: app.metadata.name,
    appLabels: app.metadata.labels ?? {},
  };
  const syncs: NewSync[] = [];
  for (const h of app.status?.history ?? []) {
    const finishedAt = time(h.deployedAt);
    const startedAt = time(h.deployStartedAt) ?? finishedAt;
    if (startedAt === undefined) continue;
    syncs.push({
      ...base,
      revision: h.revision ?? h.revisions?.join(',') ?? '',
      result: 'Succeeded',
      startedAt,
      finishedAt,
    });
  }
  const op = app.status?.operationState;
  const opStarted = time(op?.startedAt);
  if (
    op &&
    opStarted !== undefined &&
    (op.phase === 'Failed' || op.phase === 'Error') &&
    !syncs.some(s => s.startedAt === opStarted)
  ) {
    syncs.push({
      ...base,
      revision:
        op.syncResult?.revision ??
        op.operation?.sync?.revision ??
        op.syncResult?.revisions?.join(',') ??
        '',
      result: op.phase,
      startedAt: opStarted,
      finishedAt: time(op.finishedAt),
    });
  }
  return syncs;
}
