import type {
  BackstageCredentials,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  DEFAULT_NAMESPACE,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ArgoRolloutObject,
  ArgoRolloutView,
  ClusterHealth,
  ClusterRollouts,
  computeRollout,
  describeArgoRollout,
  DeploymentObject,
  DeploymentRollout,
  DeploymentRolloutResponse,
  EntityRolloutsResponse,
  findTrafficRouting,
  hpaTargetsDeployment,
  MLMODEL_DEFAULT_STALE_AFTER_MS,
  MLModelsResponse,
  OverviewEntity,
  parseMLModel,
  replicaSetBelongsTo,
  rolloutsEntityChannel,
} from '@supply-chain/plugin-rollouts-common';
import type {
  ObjectFilter,
  RolloutsClusterCacheService,
} from '@supply-chain/plugin-rollouts-node';
import {
  mayReadUnclaimed,
  type WriteOwnershipService,
} from '@supply-chain/plugin-service-boundaries-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  EntityObjectFilter,
  entityObjectFilter,
  filterMatches,
} from '@supply-chain/plugin-rollouts-node';

/** The catalog fields the overview pages need (annotations select the workloads). */
const OVERVIEW_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/** What an overview page shows of an entity. */
export function overviewEntity(entity: Entity): OverviewEntity {
  const text = (value: unknown) =>
    typeof value === 'string' && value ? value : undefined;
  const title = text(entity.metadata.title);
  const owner = text(entity.spec?.owner);
  const system = text(entity.spec?.system);
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: entity.metadata.name,
    ...(title ? { title } : {}),
    ...(owner ? { owner } : {}),
    ...(system ? { system } : {}),
  };
}

/** The reads of the watch cache that compute an entity's rollouts. */
export type RolloutReads = Pick<
  RolloutsClusterCacheService,
  | 'listClusters'
  | 'listDeployments'
  | 'listReplicaSets'
  | 'listPods'
  | 'listHorizontalPodAutoscalers'
  | 'listVirtualServices'
  | 'listDestinationRules'
  | 'listArgoRollouts'
  | 'listAnalysisRuns'
>;

/**
 * The cache's reads, each list read once per cluster, kind and namespace: an
 * overview computes every entity from one snapshot instead of copying a
 * kind's objects out of the cache once per Deployment. Argo Rollouts are left
 * out: the overview pages do not show them (yet).
 */
function memoizedReads(cache: RolloutsClusterCacheService): RolloutReads {
  const lists = new Map<string, any[]>();
  const memo =
    <T>(kind: string, read: (cluster: string, filter?: ObjectFilter) => T[]) =>
    (cluster: string, filter?: ObjectFilter): T[] => {
      // only namespace filters are memoised; label selectors read through
      if (filter?.labelSelector) return read(cluster, filter);
      const key = `${kind}\u0000${cluster}\u0000${filter?.namespace ?? ''}`;
      let list = lists.get(key);
      if (!list) {
        list = read(cluster, filter);
        lists.set(key, list);
      }
      return list as T[];
    };
  const clusters = cache.listClusters();
  return {
    listClusters: () => clusters,
    listDeployments: memo('Deployment', (c, f) => cache.listDeployments(c, f)),
    listReplicaSets: memo('ReplicaSet', (c, f) => cache.listReplicaSets(c, f)),
    listPods: memo('Pod', (c, f) => cache.listPods(c, f)),
    listHorizontalPodAutoscalers: memo('HorizontalPodAutoscaler', (c, f) =>
      cache.listHorizontalPodAutoscalers(c, f),
    ),
    listVirtualServices: memo('VirtualService', (c, f) =>
      cache.listVirtualServices(c, f),
    ),
    listDestinationRules: memo('DestinationRule', (c, f) =>
      cache.listDestinationRules(c, f),
    ),
  };
}

/** The entity named in a URL. */
export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

/** Reads an entity's rollouts and MLModels from the shared watch cache. */
export class EntityRolloutsService {
  private constructor(
    private readonly cache: RolloutsClusterCacheService,
    private readonly catalog: CatalogService,
    private readonly staleAfterMs: number,
    private readonly ownership: WriteOwnershipService,
    private readonly permissions: PermissionsService,
  ) {}

  static create(deps: {
    cache: RolloutsClusterCacheService;
    catalog: CatalogService;
    config: RootConfigService;
    ownership: WriteOwnershipService;
    permissions: PermissionsService;
  }): EntityRolloutsService {
    return new EntityRolloutsService(
      deps.cache,
      deps.catalog,
      deps.config.getOptionalNumber('rollouts.mlModelStaleAfterMs') ??
        MLMODEL_DEFAULT_STALE_AFTER_MS,
      deps.ownership,
      deps.permissions,
    );
  }

  /**
   * Adds each Deployment's write ownership (who may act on it, whether its
   * claim is contested) to a response, from claimants at most 15 s old. The
   * catalog being unreachable leaves the field out rather than failing the read.
   */
  async withOwnership(
    response: EntityRolloutsResponse,
  ): Promise<EntityRolloutsResponse> {
    let claimants;
    try {
      claimants = await this.ownership.claimantsForReads();
    } catch {
      return response;
    }
    for (const cluster of response.clusters) {
      for (const d of cluster.deployments) {
        const { writer, writers, contested, reason, claims } =
          this.ownership.workloadAmong(
            {
              cluster: d.cluster,
              namespace: d.namespace,
              name: d.name,
              kind: 'Deployment',
              labels: d.labels,
            },
            claimants,
          );
        d.ownership = {
          ...(writer ? { writer } : {}),
          writers,
          contested,
          reason,
          claims: claims.map(c => ({
            entityRef: c.entityRef,
            claimedBy: c.claimedBy,
            trusted: c.trusted,
          })),
        };
      }
    }
    return response;
  }

  /** One snapshot of the cache's reads, for computing many entities at once. */
  snapshotReads(): RolloutReads {
    return memoizedReads(this.cache);
  }

  /** The entity, read with the caller's credentials; NotFoundError when it does not exist (or is hidden). */
  async getEntity(
    name: EntityName,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.catalog.getEntityByRef(name, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(name)} in the catalog`,
      );
    }
    return entity;
  }

  private clustersOf(
    filter: EntityObjectFilter,
    reads: RolloutReads = this.cache,
  ): ClusterHealth[] {
    return reads
      .listClusters()
      .filter(c => !filter.cluster || c.name === filter.cluster);
  }

  /** The Deployments of an entity in one cluster. */
  deploymentsOf(
    entity: Entity,
    cluster: string,
    reads: RolloutReads = this.cache,
  ): DeploymentObject[] {
    const filter = entityObjectFilter(entity);
    return reads
      .listDeployments(
        cluster,
        filter.namespace ? { namespace: filter.namespace } : undefined,
      )
      .filter(d => filterMatches(filter, cluster, d));
  }

  /**
   * The Argo Rollouts of an entity in one cluster, matched exactly as its
   * Deployments are (entityObjectFilter + filterMatches); undefined when the
   * reads have no Argo Rollouts or the cluster does not serve them.
   */
  argoRolloutsOf(
    entity: Entity,
    cluster: string,
    reads: RolloutReads = this.cache,
  ): ArgoRolloutObject[] | undefined {
    if (!reads.listArgoRollouts) return undefined;
    if (reads === this.cache && !this.cache.isWatching(cluster, 'Rollout'))
      return undefined;
    const filter = entityObjectFilter(entity);
    return reads
      .listArgoRollouts(
        cluster,
        filter.namespace ? { namespace: filter.namespace } : undefined,
      )
      .filter(r => filterMatches(filter, cluster, r));
  }

  /** One Argo Rollout in the words of `kubectl argo rollouts get rollout`. */
  computeArgoRollout(
    cluster: string,
    rollout: ArgoRolloutObject,
    reads: RolloutReads = this.cache,
  ): ArgoRolloutView {
    const namespace = { namespace: rollout.metadata.namespace ?? 'default' };
    return describeArgoRollout(rollout, {
      cluster,
      replicaSets: reads.listReplicaSets(cluster, namespace),
      pods: reads.listPods(cluster, namespace),
      analysisRuns: reads.listAnalysisRuns?.(cluster, namespace) ?? [],
      virtualServices: reads.listVirtualServices(cluster, namespace),
    });
  }

  /** The entity's Deployment, or NotFoundError when the entity has no such Deployment. */
  ownedDeployment(
    entity: Entity,
    cluster: string,
    namespace: string,
    name: string,
  ): DeploymentObject {
    const filter = entityObjectFilter(entity);
    const deployment = this.cache.getDeployment(cluster, namespace, name);
    if (!deployment || !filterMatches(filter, cluster, deployment)) {
      throw new NotFoundError(
        `Entity ${stringifyEntityRef(
          entity,
        )} has no Deployment ${namespace}/${name} in cluster ${cluster}`,
      );
    }
    return deployment;
  }

  computeDeployment(
    cluster: string,
    deployment: DeploymentObject,
    reads: RolloutReads = this.cache,
  ): DeploymentRollout {
    const namespace = { namespace: deployment.metadata.namespace ?? 'default' };
    const replicaSets = reads
      .listReplicaSets(cluster, namespace)
      .filter(rs => replicaSetBelongsTo(rs, deployment));
    const ownUids = new Set(replicaSets.map(rs => rs.metadata.uid));
    const ownNames = new Set(replicaSets.map(rs => rs.metadata.name));
    const pods = reads
      .listPods(cluster, namespace)
      .filter(p =>
        p.metadata.ownerReferences?.some(
          o =>
            o.kind === 'ReplicaSet' &&
            (ownUids.has(o.uid) || ownNames.has(o.name)),
        ),
      );
    const hpa = reads
      .listHorizontalPodAutoscalers(cluster, namespace)
      .find(h => hpaTargetsDeployment(h, deployment));
    const routing = findTrafficRouting(
      replicaSets,
      reads.listVirtualServices(cluster, namespace),
      reads.listDestinationRules(cluster, namespace),
    );
    return computeRollout(
      deployment,
      replicaSets,
      pods,
      hpa,
      routing?.virtualService,
      routing?.destinationRule,
      cluster,
    );
  }

  rolloutsFor(
    entity: Entity,
    reads: RolloutReads = this.cache,
  ): EntityRolloutsResponse {
    const filter = entityObjectFilter(entity);
    const clusters: ClusterRollouts[] = this.clustersOf(filter, reads).map(
      health => {
        const deployments = this.deploymentsOf(entity, health.name, reads)
          .map(d => this.computeDeployment(health.name, d, reads))
          .sort((a, b) =>
            `${a.namespace}/${a.name}`.localeCompare(
              `${b.namespace}/${b.name}`,
            ),
          );
        const argoRollouts = this.argoRolloutsOf(entity, health.name, reads)
          ?.map(r => this.computeArgoRollout(health.name, r, reads))
          .sort((a, b) =>
            `${a.namespace}/${a.name}`.localeCompare(
              `${b.namespace}/${b.name}`,
            ),
          );
        return {
          name: health.name,
          status: health.status,
          since: health.since,
          ...(health.lastSyncTime ? { lastSyncTime: health.lastSyncTime } : {}),
          ...(health.error || filter.invalid
            ? {
                error: [filter.invalid, health.error]
                  .filter(Boolean)
                  .join('; '),
              }
            : {}),
          deployments,
          ...(argoRollouts ? { argoRollouts } : {}),
        };
      },
    );
    const entityRef = stringifyEntityRef(entity);
    return { entityRef, channel: rolloutsEntityChannel(entityRef), clusters };
  }

  deploymentFor(
    entity: Entity,
    cluster: string,
    namespace: string,
    name: string,
  ): DeploymentRolloutResponse {
    const deployment = this.ownedDeployment(entity, cluster, namespace, name);
    return {
      entityRef: stringifyEntityRef(entity),
      cluster: this.cache.getClusterHealth(cluster)!,
      deployment: this.computeDeployment(cluster, deployment),
    };
  }

  /** The MLModels of one entity. */
  mlModels(entity: Entity): MLModelsResponse {
    const filter = entityObjectFilter(entity);
    return this.mlModelsMatching(this.clustersOf(filter), [filter]);
  }

  /**
   * The catalog entities the caller can read that name their workloads with the
   * Kubernetes annotations (as the official plugin needs), in catalog order,
   * with the fields the overview pages show.
   */
  async annotatedEntities(
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      {
        // one condition per annotation: the catalog ORs them
        filter: [
          ANNOTATION_KUBERNETES_ID,
          ANNOTATION_KUBERNETES_LABEL_SELECTOR,
        ].map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
        fields: OVERVIEW_ENTITY_FIELDS,
      },
      { credentials },
    );
    return items;
  }

  /**
   * Every MLModel the caller may see: all of them for the platform team
   * (mayReadUnclaimed), else those selected by catalog entities the caller can
   * read. Each carries the first such entity that selects it (`selectedBy`).
   */
  async visibleMLModels(
    credentials: BackstageCredentials,
  ): Promise<MLModelsResponse> {
    const clusters = this.cache.listClusters();
    const [all, entities] = await Promise.all([
      mayReadUnclaimed(this.permissions, credentials),
      this.annotatedEntities(credentials),
    ]);
    const filters = entities.map(entityObjectFilter);
    const response = this.mlModelsMatching(clusters, all ? undefined : filters);
    for (const model of response.models) {
      const object = {
        metadata: { namespace: model.namespace, labels: model.labels },
      };
      const index = filters.findIndex(f =>
        filterMatches(f, model.cluster, object),
      );
      if (index >= 0) model.selectedBy = overviewEntity(entities[index]);
    }
    return all ? response : { ...response, onlyClaimed: true };
  }

  /** MLModels matching any of the filters (all without filters). */
  private mlModelsMatching(
    clusters: ClusterHealth[],
    filters?: EntityObjectFilter[],
  ): MLModelsResponse {
    // one entity's namespace narrows the cache read
    const namespace = filters?.length === 1 ? filters[0].namespace : undefined;
    const now = Date.now();
    const models = clusters.flatMap(health =>
      this.cache
        .listMLModels(health.name, namespace ? { namespace } : undefined)
        .filter(
          m => !filters || filters.some(f => filterMatches(f, health.name, m)),
        )
        .map(m =>
          parseMLModel(m, {
            cluster: health.name,
            now,
            staleAfterMs: this.staleAfterMs,
          }),
        ),
    );
    models.sort((a, b) =>
      `${a.cluster}/${a.namespace}/${a.name}`.localeCompare(
        `${b.cluster}/${b.namespace}/${b.name}`,
      ),
    );
    return {
      clusters: clusters.map(h => ({
        name: h.name,
        status: h.status,
        since: h.since,
        ...(h.lastSyncTime ? { lastSyncTime: h.lastSyncTime } : {}),
        ...(h.error ? { error: h.error } : {}),
      })),
      models,
    };
  }
}
