import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BoundaryMap,
  CATALOG_INDEX_QUERY,
  CatalogIndex,
  ClusterFacts,
  ClusterStatus,
  DriftReport,
  OwnershipAnswer,
  ServiceBoundary,
  UnownedReport,
  buildBoundaryMap,
  buildServiceBoundary,
  computeDrift,
  entityRefOf,
  findUnownedWorkloads,
  isOnKubernetes,
  resolveOwnership,
} from '@supply-chain/plugin-service-boundaries-common';
import type { ClusterFactsSource } from '@supply-chain/plugin-service-boundaries-node';

/** How long a lookup waits for cluster facts before answering without them. */
const CLUSTER_TIMEOUT_MS = 5000;

/** Most identifiers one batch lookup accepts. */
export const MAX_BATCH_IDENTIFIERS = 5000;

/**
 * Boundaries, maps, drift and ownership lookups over the catalog (read with
 * the caller's credentials, one `getEntities` call per request) and the
 * cluster facts.
 *
 * @public
 */
export class ServiceBoundariesService {
  static create(deps: {
    catalog: CatalogService;
    clusterFacts: ClusterFactsSource;
    logger: LoggerService;
  }): ServiceBoundariesService {
    return new ServiceBoundariesService(
      deps.catalog,
      deps.clusterFacts,
      deps.logger,
    );
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly clusterFacts: ClusterFactsSource,
    private readonly logger: LoggerService,
  ) {}

  /** The catalog, in one `getEntities` call. */
  async loadCatalog(credentials: BackstageCredentials): Promise<CatalogIndex> {
    const { items } = await this.catalog.getEntities(CATALOG_INDEX_QUERY, {
      credentials,
    });
    return CatalogIndex.fromEntities(items);
  }

  /** Cluster facts, or why they are unavailable. */
  async readClusterFacts(): Promise<{
    facts?: ClusterFacts;
    cluster: ClusterStatus;
  }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const facts = await Promise.race([
        this.clusterFacts.getClusterFacts(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `the clusters did not answer within ${
                    CLUSTER_TIMEOUT_MS / 1000
                  }s`,
                ),
              ),
            CLUSTER_TIMEOUT_MS,
          );
        }),
      ]);
      return {
        facts,
        cluster: { status: 'available', clusters: facts.clusters },
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Cluster facts unavailable: ${message}`);
      return {
        cluster: {
          status: 'unavailable',
          clusters: [],
          message: `Cluster data unavailable: ${message}`,
        },
      };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private requireEntity(
    index: CatalogIndex,
    entityRef: string,
    kinds: string[],
  ): Entity {
    const entity = index.get(entityRef);
    if (!entity) {
      throw new NotFoundError(
        `No entity ${entityRef} in the catalog (or you may not read it)`,
      );
    }
    if (!kinds.includes(entity.kind.toLocaleLowerCase('en-US'))) {
      throw new InputError(
        `entityRef must name a ${kinds.join(' or ')}, but ${entityRef} is a ${
          entity.kind
        }`,
      );
    }
    return entity;
  }

  async getBoundary(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ServiceBoundary> {
    const index = await this.loadCatalog(credentials);
    return buildServiceBoundary(
      this.requireEntity(index, entityRef, ['component']),
      index,
    );
  }

  async getBoundaryMap(
    entityRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<BoundaryMap> {
    const index = await this.loadCatalog(credentials);
    const scope = entityRef
      ? this.requireEntity(index, entityRef, ['system', 'domain'])
      : undefined;
    return buildBoundaryMap(index, scope);
  }

  async getDrift(
    entityRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<DriftReport> {
    const [index, { facts, cluster }] = await Promise.all([
      this.loadCatalog(credentials),
      this.readClusterFacts(),
    ]);
    let services: Entity[] | undefined;
    if (entityRef) {
      const scope = this.requireEntity(index, entityRef, [
        'component',
        'system',
        'domain',
      ]);
      const kind = scope.kind.toLocaleLowerCase('en-US');
      if (kind === 'component') {
        services = [scope];
      } else {
        const scopeRef = entityRefOf(scope);
        const systems =
          kind === 'system'
            ? [scopeRef]
            : index
                .ofKind('System')
                .filter(s => index.domainRef(s) === scopeRef)
                .map(entityRefOf);
        services = index
          .ofKind('Component')
          .filter(c => systems.includes(index.systemRef(c) ?? ''))
          .filter(
            c =>
              isOnKubernetes(c) ||
              (facts?.serviceBoundaries ?? []).some(
                cm => c.metadata.name in cm.data,
              ),
          );
      }
    }
    return computeDrift({ index, facts, cluster, services });
  }

  /** Answers many identifiers with one catalog read and one cluster read. */
  async whoOwns(
    identifiers: string[],
    credentials: BackstageCredentials,
  ): Promise<OwnershipAnswer[]> {
    const [index, { facts, cluster }] = await Promise.all([
      this.loadCatalog(credentials),
      this.readClusterFacts(),
    ]);
    return identifiers.map(id => resolveOwnership(id, index, facts, cluster));
  }

  async getUnowned(credentials: BackstageCredentials): Promise<UnownedReport> {
    const [index, { facts, cluster }] = await Promise.all([
      this.loadCatalog(credentials),
      this.readClusterFacts(),
    ]);
    return findUnownedWorkloads(index, facts, cluster);
  }
}
