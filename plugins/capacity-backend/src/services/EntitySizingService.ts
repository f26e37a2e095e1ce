import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CapacityPrices,
  capacityTotals,
  ClusterReadStatus,
  ClusterSizing,
  COST_BASIS,
  ContainerSizing,
  deploymentCost,
  DeploymentCost,
  DeploymentPlacement,
  deploymentPlacement,
  NodeFacts,
  parseCapacityPrices,
  podRequests,
  PodToleration,
  sumAmounts,
  unknownCost,
  unknownPlacement,
  DeploymentSizing,
  EntitySizingResponse,
  hpaHeadroom,
  meanUsage,
  parseRecommendation,
  PodUsage,
  resourceAmounts,
  shareOfRequests,
  sizingVerdict,
  serviceCapacity,
  ServicesCapacityResponse,
  updateModeMeaning,
  WASTE_BASIS,
} from '@supply-chain/plugin-capacity-common';
import {
  hpaTargetsDeployment,
  selectorMatches,
  type HorizontalPodAutoscalerObject,
} from '@supply-chain/plugin-rollouts-common';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  entityObjectFilter,
  EntityObjectFilter,
  filterMatches,
} from '@supply-chain/plugin-rollouts-node';
import { PodMetrics, polledError, Vpa } from './CapacityPoller';
import { CapacitySources, cacheStatus } from './sources';

/** The fields of the apiserver's objects this service reads. */
interface Container {
  name: string;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
}
interface Deployment {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec: {
    replicas?: number;
    selector: any;
    template: { spec?: { containers?: Container[] } };
  };
}
interface Pod {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec?: {
    nodeName?: string;
    tolerations?: PodToleration[];
    containers?: Container[];
    initContainers?: Array<Container & { restartPolicy?: string }>;
    overhead?: Record<string, string>;
  };
}

/** The entity fields the services answer needs. */
const SERVICE_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/** The entity ref of a request, or InputError naming the field. */
export function parseSizingEntityRef(
  value: unknown,
  field = 'entityRef',
): CompoundEntityRef {
  if (typeof value !== 'string' || !value.trim()) {
    throw new InputError(
      `${field} is required: one entity ref such as component:default/order-service`,
    );
  }
  try {
    return parseEntityRef(value.trim(), { defaultKind: 'component' });
  } catch (error) {
    throw new InputError(
      `${field}: ${
        (error as Error).message
      } (e.g. component:default/order-service)`,
    );
  }
}

/**
 * One entity's sizing, computed from memory: its Deployments (found like the
 * rollouts backend finds them), their pods and HPAs from the rollouts watch
 * cache, and what the cache does not hold (pod usage from metrics.k8s.io,
 * VPAs, nodes) from capacity's background poll of each
 * `kubernetes.clusterLocatorMethods` cluster. No request reads a cluster.
 */
export class EntitySizingService {
  private constructor(
    private readonly sources: CapacitySources,
    private readonly catalog: CatalogService,
    private readonly prices: CapacityPrices,
  ) {}

  static fromSources(
    sources: CapacitySources,
    catalog: CatalogService,
    prices: CapacityPrices = parseCapacityPrices(undefined),
  ): EntitySizingService {
    return new EntitySizingService(sources, catalog, prices);
  }

  async sizingFor(
    entityRef: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntitySizingResponse> {
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(entityRef)} in the catalog`,
      );
    }
    await this.sources.ready();
    const filter = entityObjectFilter(entity);
    const clusters = this.sources.poller
      .clusterNames()
      .filter(name => !filter.cluster || name === filter.cluster)
      .map((name): ClusterSizing => {
        if (filter.invalid) {
          return {
            name,
            status: 'degraded',
            error: filter.invalid,
            deployments: [],
          };
        }
        const cached = cacheStatus(this.sources.cache, name);
        if (cached.away) {
          return {
            name,
            status: 'degraded',
            error: cached.away,
            deployments: [],
          };
        }
        const deployments = (
          this.sources.cache.listDeployments(
            name,
            filter.namespace ? { namespace: filter.namespace } : undefined,
          ) as Deployment[]
        ).filter(d => filterMatches(filter, name, d));
        const reads = this.clusterReads(name, cached.errors, false);
        return {
          name,
          // as before: nothing of the cluster beyond its Deployments is named
          // when the entity has none there
          ...readStatus(deployments.length ? reads.errors : cached.errors),
          deployments: this.size(name, deployments, reads),
        };
      });
    return { entityRef: stringifyEntityRef(entity), clusters };
  }

  /**
   * A cluster as the cache and the last poll hold it, grouped by namespace
   * once (pods, HPAs, VPAs, pod metrics). `nodesCount` says whether nodes that
   * could never be read are named in the cluster's errors (the services
   * answer does; one entity's sizing says it in placement).
   */
  private clusterReads(
    name: string,
    cacheErrors: string[],
    nodesCount: boolean,
  ): ClusterReads {
    const poll = this.sources.poller.get(name)!;
    const errors = [...cacheErrors];
    for (const kind of ['vpas', 'podMetrics'] as const) {
      const error = polledError(kind, poll[kind]);
      if (error) errors.push(error);
    }
    const nodesError = polledError('nodes', poll.nodes);
    if (nodesError && (nodesCount || poll.nodes.items)) errors.push(nodesError);
    const byNamespace = new Map<string, NamespaceReads>();
    const of = (ns: string | undefined) => {
      const key = ns ?? 'default';
      let reads = byNamespace.get(key);
      if (!reads) {
        reads = { pods: [], hpas: [], vpas: [], metrics: [] };
        byNamespace.set(key, reads);
      }
      return reads;
    };
    const { cache } = this.sources;
    (cache.listPods(name) as Pod[]).forEach(p =>
      of(p.metadata.namespace).pods.push(p),
    );
    cache
      .listHorizontalPodAutoscalers(name)
      .forEach(h => of(h.metadata?.namespace).hpas.push(h));
    (poll.vpas.items ?? []).forEach(v => of(v.metadata.namespace).vpas.push(v));
    (poll.podMetrics.items ?? []).forEach(m =>
      of(m.metadata.namespace).metrics.push(m),
    );
    return {
      nodes: poll.nodes.items ?? { error: nodesError ?? 'no nodes read' },
      errors,
      namespace: ns =>
        byNamespace.get(ns) ?? { pods: [], hpas: [], vpas: [], metrics: [] },
    };
  }

  /** Deployments sized from what was read of their cluster, by namespace and name. */
  private size(
    cluster: string,
    deployments: Deployment[],
    reads: ClusterReads,
  ): DeploymentSizing[] {
    return deployments
      .map(d =>
        sizeDeployment(
          cluster,
          d,
          podsOfSelector(
            reads.namespace(d.metadata.namespace ?? 'default'),
            d.spec.selector,
          ),
          reads.nodes,
          this.prices,
        ),
      )
      .sort((a, b) =>
        `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
      );
  }

  /**
   * Every catalog Component and Resource with Kubernetes annotations that the
   * caller may read (the catalog is asked with the caller's credentials), each
   * with its Deployments sized as {@link EntitySizingService.sizingFor} sizes
   * them, summed into its cost and waste, with totals per owner, system and
   * node group. Computed from memory (the watch cache and the last poll):
   * each cluster's objects are grouped by namespace and label once per call,
   * not scanned per entity; no cluster is read.
   */
  async servicesCapacity(
    credentials: BackstageCredentials,
  ): Promise<ServicesCapacityResponse> {
    const [{ items: entities }] = await Promise.all([
      this.catalog.getEntities(
        {
          // one condition per annotation: the catalog ORs them
          filter: [
            ANNOTATION_KUBERNETES_ID,
            ANNOTATION_KUBERNETES_LABEL_SELECTOR,
          ].map(a => ({
            kind: ['Component', 'Resource'],
            [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS,
          })),
          fields: SERVICE_ENTITY_FIELDS,
        },
        { credentials },
      ),
      this.sources.ready(),
    ]);
    const snapshots = this.sources.poller
      .clusterNames()
      .map(name => this.snapshot(name));
    const configured = new Set(this.sources.poller.clusterNames());
    const services = entities
      // the catalog filtered already; a catalog that ignores the existence filter (as
      // the in-memory test catalog does) must not add unannotated entities
      .filter(e =>
        [ANNOTATION_KUBERNETES_ID, ANNOTATION_KUBERNETES_LABEL_SELECTOR].some(
          a => e.metadata.annotations?.[a],
        ),
      )
      .map(entity => {
        const filter = entityObjectFilter(entity);
        const problems: string[] = [];
        if (filter.invalid) problems.push(filter.invalid);
        if (filter.cluster && !configured.has(filter.cluster)) {
          problems.push(
            `annotation ${ANNOTATION_KUBERNETES_CLUSTER} names cluster ${filter.cluster}, which is not configured`,
          );
        }
        const deployments = filter.invalid
          ? []
          : snapshots.flatMap(snapshot =>
              this.size(
                snapshot.name,
                snapshot.deployments.matching(filter),
                snapshot.reads,
              ),
            );
        return serviceCapacity(serviceEntity(entity), deployments, problems);
      })
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    return {
      currency: this.prices.currency,
      costBasis: COST_BASIS,
      wasteBasis: WASTE_BASIS,
      clusters: snapshots.map(s => ({ name: s.name, ...readStatus(s.errors) })),
      services,
      totals: capacityTotals(services),
    };
  }

  /** A cluster for every entity of one answer: its Deployments indexed by label once. */
  private snapshot(name: string): ClusterSnapshot {
    const cached = cacheStatus(this.sources.cache, name);
    if (cached.away) {
      // the cluster itself is away: nothing else is named
      return {
        name,
        errors: [cached.away],
        deployments: { matching: () => [] },
        reads: {
          nodes: { error: cached.away },
          errors: [],
          namespace: () => ({ pods: [], hpas: [], vpas: [], metrics: [] }),
        },
      };
    }
    const reads = this.clusterReads(name, cached.errors, true);
    return {
      name,
      errors: reads.errors,
      deployments: {
        matching: deploymentIndex(
          name,
          this.sources.cache.listDeployments(name) as Deployment[],
        ),
      },
      reads,
    };
  }
}

function serviceEntity(entity: Entity) {
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const ref = (value: unknown, defaultKind: string) => {
    if (typeof value !== 'string' || !value) return undefined;
    try {
      return stringifyEntityRef(
        parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
      );
    } catch {
      return undefined;
    }
  };
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace,
    name: entity.metadata.name,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    owner: ref(entity.spec?.owner, 'group'),
    system: ref(entity.spec?.system, 'system'),
  };
}

function readStatus(errors: string[]): Omit<ClusterReadStatus, 'name'> {
  return errors.length
    ? { status: 'degraded', error: errors.join('; ') }
    : { status: 'ok' };
}

/** What sizing reads of a cluster, by namespace. */
interface NamespaceReads {
  pods: Pod[];
  hpas: HorizontalPodAutoscalerObject[];
  vpas: Vpa[];
  metrics: PodMetrics[];
}
interface ClusterReads {
  nodes: NodeFacts[] | { error: string };
  namespace(ns: string): NamespaceReads;
  /** what could not be read, in words */
  errors: string[];
}

const podIndexes = new WeakMap<
  NamespaceReads,
  Map<string, Map<string, Pod[]>>
>();
/** Items by a key (those without one left out), in their order: one pass. */
function groupBy<T>(
  items: T[],
  key: (item: T) => string | undefined,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const same = groups.get(k);
    if (same) same.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const metricsIndexes = new WeakMap<NamespaceReads, Map<string, PodMetrics>>();

/**
 * The reads a Deployment's sizing needs: of a namespace's pods only those
 * carrying the first label of its selector's matchLabels (indexed once per
 * namespace and label), and their metrics; sizeDeployment still matches the
 * whole selector. Without matchLabels, all of them.
 */
function podsOfSelector(reads: NamespaceReads, selector: any): NamespaceReads {
  const first = Object.entries(
    (selector?.matchLabels ?? {}) as Record<string, string>,
  )[0];
  if (!first) return reads;
  let byKey = podIndexes.get(reads);
  if (!byKey) {
    byKey = new Map();
    podIndexes.set(reads, byKey);
  }
  let index = byKey.get(first[0]);
  if (!index) {
    index = groupBy(reads.pods, pod => pod.metadata.labels?.[first[0]]);
    byKey.set(first[0], index);
  }
  let metrics = metricsIndexes.get(reads);
  if (!metrics) {
    metrics = new Map(reads.metrics.map(m => [m.metadata.name, m]));
    metricsIndexes.set(reads, metrics);
  }
  const pods = index.get(first[1]) ?? [];
  return {
    ...reads,
    pods,
    metrics: pods
      .map(p => metrics!.get(p.metadata.name))
      .filter((m): m is PodMetrics => !!m),
  };
}

/** A cluster read once for every entity: one cluster-wide list per kind. */
interface ClusterSnapshot {
  name: string;
  errors: string[];
  deployments: { matching(filter: EntityObjectFilter): Deployment[] };
  reads: ClusterReads;
}

/**
 * The Deployments an entity filter matches; a filter by matchLabels only
 * looks at the Deployments carrying its first label (an index built once),
 * so a thousand entities do not each scan a thousand Deployments.
 */
function deploymentIndex(
  cluster: string,
  deployments: Deployment[],
): (filter: EntityObjectFilter) => Deployment[] {
  const byLabel = new Map<string, Map<string, Deployment[]>>();
  const labelled = (key: string) => {
    let index = byLabel.get(key);
    if (!index) {
      index = groupBy(deployments, d => d.metadata.labels?.[key]);
      byLabel.set(key, index);
    }
    return index;
  };
  return filter => {
    const matchLabels = filter.labelSelector?.matchLabels as
      | Record<string, string>
      | undefined;
    const first = matchLabels && Object.entries(matchLabels)[0];
    const labelledOnes = first
      ? labelled(first[0]).get(first[1]) ?? []
      : deployments;
    return labelledOnes.filter(d => filterMatches(filter, cluster, d));
  };
}

const targetIndexes = new WeakMap<object[], Map<string, any[]>>();

/**
 * A namespace's VPAs or HPAs by the name they target, indexed once per
 * answer (the list is the namespace's own), so a namespace of a thousand
 * Deployments does not scan its thousand HPAs per Deployment.
 */
function byTarget<T extends object>(
  list: T[],
  target: (o: T) => string | undefined,
): Map<string, T[]> {
  let index = targetIndexes.get(list) as Map<string, T[]> | undefined;
  if (!index) {
    index = groupBy(list, target);
    targetIndexes.set(list, index);
  }
  return index;
}

function sizeDeployment(
  cluster: string,
  deployment: Deployment,
  reads: {
    pods: Pod[];
    hpas: HorizontalPodAutoscalerObject[];
    vpas: Vpa[];
    metrics: PodMetrics[];
  },
  nodes: NodeFacts[] | { error: string },
  prices: CapacityPrices,
): DeploymentSizing {
  const namespace = deployment.metadata.namespace ?? 'default';
  const pods = reads.pods.filter(
    p =>
      !p.metadata.deletionTimestamp &&
      selectorMatches(deployment.spec.selector, p.metadata.labels),
  );
  const podNames = new Set(pods.map(p => p.metadata.name));
  const metrics = reads.metrics.filter(m => podNames.has(m.metadata.name));
  const vpa = byTarget(reads.vpas, v => v.spec.targetRef?.name)
    .get(deployment.metadata.name)
    ?.find(v => v.spec.targetRef?.kind === 'Deployment');
  const hpa = byTarget(reads.hpas, h => h.spec.scaleTargetRef?.name)
    .get(deployment.metadata.name)
    ?.find(h => hpaTargetsDeployment(h, deployment as any));
  const containers: ContainerSizing[] = (
    deployment.spec.template.spec?.containers ?? []
  ).map(c => {
    const requests = resourceAmounts(c.resources?.requests);
    const limits = resourceAmounts(c.resources?.limits);
    const podUsage: PodUsage[] = metrics
      .map(m => {
        const usage = m.containers?.find(mc => mc.name === c.name)?.usage;
        return usage && { pod: m.metadata.name, usage: resourceAmounts(usage) };
      })
      .filter((u): u is PodUsage => !!u)
      .sort((a, b) => a.pod.localeCompare(b.pod));
    const usage = meanUsage(podUsage.map(u => u.usage));
    const rec = vpa?.status?.recommendation?.containerRecommendations?.find(
      r => r.containerName === c.name,
    );
    const recommendation = rec && parseRecommendation(rec);
    return {
      name: c.name,
      requests,
      limits,
      podUsage,
      ...(usage
        ? { usage, usageShareOfRequests: shareOfRequests(usage, requests) }
        : {}),
      ...(recommendation ? { recommendation } : {}),
      verdicts: {
        cpu: sizingVerdict('cpu', requests.cpu, recommendation),
        memory: sizingVerdict('memory', requests.memory, recommendation),
      },
    };
  });
  const updateMode = vpa?.spec.updatePolicy?.updateMode ?? 'Auto';
  return {
    cluster,
    namespace,
    name: deployment.metadata.name,
    replicas: deployment.spec.replicas ?? 1,
    ...(vpa
      ? {
          vpa: {
            name: vpa.metadata.name,
            updateMode,
            updateModeMeaning: updateModeMeaning(updateMode),
          },
        }
      : {}),
    ...(hpa ? { hpa: hpaHeadroom(hpa) } : {}),
    containers,
    ...placementAndCost(pods, metrics, nodes, prices),
  };
}

/** Where the pods run and what they cost, from the pods' own specs (requests as scheduled). */
function placementAndCost(
  pods: Pod[],
  metrics: PodMetrics[],
  nodes: NodeFacts[] | { error: string },
  prices: CapacityPrices,
): { placement: DeploymentPlacement; cost: DeploymentCost } {
  const unscheduled = pods
    .filter(p => !p.spec?.nodeName)
    .map(p => p.metadata.name)
    .sort();
  if ('error' in nodes) {
    return {
      placement: unknownPlacement(nodes.error, unscheduled),
      cost: unknownCost(nodes.error, prices),
    };
  }
  const placement = deploymentPlacement(
    pods.map(p => ({
      name: p.metadata.name,
      nodeName: p.spec?.nodeName,
      tolerations: p.spec?.tolerations,
    })),
    nodes,
  );
  const cost = deploymentCost(
    pods
      .filter(p => p.spec?.nodeName)
      .map(p => {
        const usage = metrics.find(m => m.metadata.name === p.metadata.name);
        return {
          name: p.metadata.name,
          nodeName: p.spec!.nodeName!,
          // as the scheduler counts it: init containers and overhead too
          requests: podRequests(p.spec),
          ...(usage
            ? {
                usage: sumAmounts(
                  (usage.containers ?? []).map(c => resourceAmounts(c.usage)),
                ),
              }
            : {}),
        };
      }),
    nodes,
    prices,
  );
  return { placement, cost };
}
