import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ArgoCdActionResponse,
  ArgoCdEntityApplicationsResponse,
  ArgoCdHistoryResponse,
  ArgoCdResourcesResponse,
} from '@supply-chain/plugin-argocd-common';

/**
 * Which application of an entity a call is about.
 * @public
 */
export interface ArgoCdAppRef {
  instance: string;
  name: string;
  appNamespace?: string;
}

/**
 * The argocd backend's API, as the frontend uses it.
 * @public
 */
export interface ArgoCdApi {
  getApplications(
    entity: CompoundEntityRef,
  ): Promise<ArgoCdEntityApplicationsResponse>;
  getHistory(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
    options?: { limit?: number },
  ): Promise<ArgoCdHistoryResponse>;
  getResources(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
  ): Promise<ArgoCdResourcesResponse>;
  sync(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
    options?: { prune?: boolean },
  ): Promise<ArgoCdActionResponse>;
  refresh(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
  ): Promise<ArgoCdActionResponse>;
  rollback(
    entity: CompoundEntityRef,
    app: ArgoCdAppRef,
    options: { id: number; prune?: boolean },
  ): Promise<ArgoCdActionResponse>;
}

/**
 * The argocd backend client.
 * @public
 */
export const argocdApiRef = createApiRef<ArgoCdApi>({
  id: 'plugin.argocd.service',
});
