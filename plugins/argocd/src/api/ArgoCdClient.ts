import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ArgoCdActionResponse,
  ArgoCdEntityApplicationsResponse,
  ArgoCdHistoryResponse,
  ArgoCdResourcesResponse,
} from '@supply-chain/plugin-argocd-common';
import type { ArgoCdApi, ArgoCdAppRef } from './ArgoCdApi';

/**
 * Talks to the argocd backend plugin. Failed requests throw
 * `ResponseError` (its `body` carries the backend's error, and for Argo CD
 * faults the per-instance `instances` list).
 * @public
 */
export class ArgoCdClient implements ArgoCdApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getApplications(entity: CompoundEntityRef) {
    return this.call<ArgoCdEntityApplicationsResponse>(
      'GET',
      this.entityPath(entity),
    );
  }

  getHistory(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
    options: { limit?: number } = {},
  ) {
    return this.call<ArgoCdHistoryResponse>(
      'GET',
      this.appPath(entity, app, 'history', options.limit),
    );
  }

  getResources(entity: CompoundEntityRef, app: ArgoCdAppRef) {
    return this.call<ArgoCdResourcesResponse>(
      'GET',
      this.appPath(entity, app, 'resources'),
    );
  }

  sync(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
    options: { prune?: boolean } = {},
  ) {
    return this.call<ArgoCdActionResponse>(
      'POST',
      this.appPath(entity, app, 'sync'),
      { prune: options.prune ?? false },
    );
  }

  refresh(entity: CompoundEntityRef, app: ArgoCdAppRef) {
    return this.call<ArgoCdActionResponse>(
      'POST',
      this.appPath(entity, app, 'refresh'),
      {},
    );
  }

  rollback(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
    options: { id: number; prune?: boolean },
  ) {
    return this.call<ArgoCdActionResponse>(
      'POST',
      this.appPath(entity, app, 'rollback'),
      { id: options.id, prune: options.prune ?? false },
    );
  }

  private entityPath(entity: CompoundEntityRef): string {
    const e = encodeURIComponent;
    return `/entities/${e(entity.kind.toLocaleLowerCase('en-US'))}/${e(
      entity.namespace,
    )}/${e(entity.name)}/applications`;
  }

  private appPath(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
    what: string,
    limit?: number,
  ): string {
    const e = encodeURIComponent;
    const query = new URLSearchParams();
    if (app.appNamespace) query.set('appNamespace', app.appNamespace);
    if (limit !== undefined) query.set('limit', String(limit));
    const qs = query.toString();
    return `${this.entityPath(entity)}/${e(app.instance)}/${e(
      app.name,
    )}/${what}${qs ? `?${qs}` : ''}`;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('argocd');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers:
        body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
