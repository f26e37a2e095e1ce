import {
  ArgoCdActionResponse,
  ArgoCdApplication,
  actionResponse,
} from '@supply-chain/plugin-argocd-common';
import { ArgoCdApplications, LocatedApplication } from './ArgoCdApplications';

/**
 * The writes on an application: sync, refresh and rollback. Callers check
 * permission, ownership and audit first (see the router).
 */
export class ArgoCdActions {
  constructor(private readonly applications: ArgoCdApplications) {}

  /** Starts a sync of the application to its target revision. */
  async sync(
    { app, instance }: LocatedApplication,
    options: { prune: boolean },
  ): Promise<ArgoCdActionResponse> {
    const updated = await this.post(instance, app, 'sync', {
      prune: options.prune,
    });
    return actionResponse(
      'sync',
      instance,
      updated,
      `Sync of ${app.metadata.name} started${
        options.prune ? ' (with prune)' : ''
      }`,
    );
  }

  /** Asks Argo CD to compare the application with Git again now. */
  async refresh({
    app,
    instance,
  }: LocatedApplication): Promise<ArgoCdActionResponse> {
    const updated = await this.applications.getApplication(
      {
        instance,
        name: app.metadata.name,
        appNamespace: app.metadata.namespace,
      },
      'normal',
    );
    return actionResponse(
      'refresh',
      instance,
      updated,
      `Refreshed ${updated.metadata.name}: ${
        updated.status?.sync?.status ?? 'Unknown'
      }`,
    );
  }

  /** Rolls the application back to a history entry. */
  async rollback(
    { app, instance }: LocatedApplication,
    options: { id: number; prune: boolean },
  ): Promise<ArgoCdActionResponse> {
    const updated = await this.post(instance, app, 'rollback', {
      id: options.id,
      prune: options.prune,
    });
    return actionResponse(
      'rollback',
      instance,
      updated,
      `Rollback of ${app.metadata.name} to history entry ${options.id} started`,
    );
  }

  private post(
    instance: string,
    app: ArgoCdApplication,
    operation: 'sync' | 'rollback',
    body: object,
  ): Promise<ArgoCdApplication> {
    return this.applications
      .client(instance)
      .request<ArgoCdApplication>(
        'POST',
        `/api/v1/applications/${encodeURIComponent(
          app.metadata.name,
        )}/${operation}`,
        {
          body: {
            name: app.metadata.name,
            appNamespace: app.metadata.namespace,
            ...body,
          },
        },
      );
  }
}
