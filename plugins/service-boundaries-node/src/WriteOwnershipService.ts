import type {
  AuthService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_CLAIM_ANNOTATIONS,
  KUBERNETES_CLAIM_ANNOTATIONS,
  ArgoCdApplicationTarget,
  argoCdApplicationWriteOwnership,
  WorkloadTarget,
  workloadWriteOwnership,
  WriteOwnership,
} from './writeOwnership';
import { TrustedSources } from './trustedSources';

const READ_CACHE_MS = 15_000;

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
];

/**
 * The portal's one answer to "may this entity write that object?", for every
 * write path (rollout actions, Argo CD sync/refresh/rollback, the scaffolder).
 * Reads every claimant from the catalog with the plugin's own credentials, at
 * the time of the write (a claim added a second ago counts).
 * @public
 */
export class WriteOwnershipService {
  /** claimants for reads: fetched at most every READ_CACHE_MS (writes always fetch) */
  private readCache?: { at: number; entities: Promise<Entity[]> };

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    readonly trust: TrustedSources,
  ) {}

  static create(deps: {
    catalog: CatalogService;
    auth: AuthService;
    config: RootConfigService;
  }): WriteOwnershipService {
    return new WriteOwnershipService(
      deps.catalog,
      deps.auth,
      TrustedSources.fromConfig(deps.config),
    );
  }

  private async entitiesWith(annotations: string[]): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: annotations.map(a => ({
          [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS,
        })),
        fields: FIELDS,
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    return items;
  }

  /**
   * For reads (a rollouts page shows whether each Deployment's claim is
   * contested): the claimants, at most READ_CACHE_MS old, and the rule applied
   * to one object among them.
   */
  async claimantsForReads(): Promise<Entity[]> {
    const now = Date.now();
    if (!this.readCache || now - this.readCache.at > READ_CACHE_MS) {
      const entities = this.entitiesWith(KUBERNETES_CLAIM_ANNOTATIONS);
      this.readCache = { at: now, entities };
      entities.catch(() => (this.readCache = undefined));
    }
    return this.readCache.entities;
  }

  workloadAmong(target: WorkloadTarget, entities: Entity[]): WriteOwnership {
    return workloadWriteOwnership(target, entities, this.trust);
  }

  async forWorkload(target: WorkloadTarget): Promise<WriteOwnership> {
    return workloadWriteOwnership(
      target,
      await this.entitiesWith(KUBERNETES_CLAIM_ANNOTATIONS),
      this.trust,
    );
  }

  async forArgoCdApplication(
    target: ArgoCdApplicationTarget,
  ): Promise<WriteOwnership> {
    return argoCdApplicationWriteOwnership(
      target,
      await this.entitiesWith(ARGOCD_CLAIM_ANNOTATIONS),
      this.trust,
    );
  }
}
