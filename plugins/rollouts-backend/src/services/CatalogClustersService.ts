import type {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  acceptCatalogCluster,
  CatalogClusterOptions,
  readClusterLocatorMethods,
} from '@supply-chain/plugin-rollouts-node';
import type { TrustedSources } from '@supply-chain/plugin-service-boundaries-node';

/**
 * For `kubernetes.clusterLocatorMethods: [{ type: catalog }]`: looks up
 * `kind: Resource, spec.type: kubernetes-cluster` entities now and every
 * `rollouts.catalogClusterRefreshMs`, and hands the ones it accepts to the
 * watch cache (acceptCatalogCluster: trusted source or allow-listed URL, never
 * the portal's token, never TLS verification off); refusals are logged.
 */
export class CatalogClustersService {
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly register: (clusters: ClusterDetails[]) => Promise<void>,
    private readonly refreshMs: number,
    private readonly trust: TrustedSources,
    private readonly options: CatalogClusterOptions,
  ) {}

  static create(deps: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    config: RootConfigService;
    register: (clusters: ClusterDetails[]) => Promise<void>;
    trust: TrustedSources;
  }): CatalogClustersService {
    return new CatalogClustersService(
      deps.catalog,
      deps.auth,
      deps.logger,
      deps.register,
      deps.config.getOptionalNumber('rollouts.catalogClusterRefreshMs') ??
        300_000,
      deps.trust,
      readClusterLocatorMethods(deps.config).catalogOptions,
    );
  }

  async refresh(): Promise<void> {
    try {
      const { items } = await this.catalog.getEntities(
        { filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' } },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      const clusters: ClusterDetails[] = [];
      for (const entity of items) {
        const decision = await acceptCatalogCluster(entity, {
          ...this.options,
          trusted: this.trust.isTrusted(entity),
        });
        if (decision.cluster) clusters.push(decision.cluster);
        else
          this.logger.warn(
            `rollouts: catalog cluster refused: ${decision.refused}`,
          );
      }
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
