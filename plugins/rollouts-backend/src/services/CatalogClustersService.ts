import type {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { clusterFromCatalogEntity } from '@supply-chain/plugin-rollouts-node';

/**
 * For `kubernetes.clusterLocatorMethods: [{ type: catalog }]`: looks up
 * `kind: Resource, spec.type: kubernetes-cluster` entities now and every
 * `rollouts.catalogClusterRefreshMs`, and hands them to the watch cache.
 */
export class CatalogClustersService {
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly register: (clusters: ClusterDetails[]) => Promise<void>,
    private readonly refreshMs: number,
  ) {}

  static create(deps: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    config: RootConfigService;
    register: (clusters: ClusterDetails[]) => Promise<void>;
  }): CatalogClustersService {
    return new CatalogClustersService(
      deps.catalog,
      deps.auth,
      deps.logger,
      deps.register,
      deps.config.getOptionalNumber('rollouts.catalogClusterRefreshMs') ??
        300_000,
    );
  }

  async refresh(): Promise<void> {
    try {
      const { items } = await this.catalog.getEntities(
        { filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' } },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      const clusters = items.flatMap(e => clusterFromCatalogEntity(e) ?? []);
      await this.register(clusters);
    } catch (e) {
      this.logger.warn(
        `rollouts: could not read kubernetes-cluster entities: ${
          (e as Error).message
        }`,
      );
    }
  }

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
