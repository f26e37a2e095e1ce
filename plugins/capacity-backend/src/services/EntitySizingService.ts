import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CapacityPrices,
  ClusterSizing,
  ContainerSizing,
  deploymentCost,
  DeploymentCost,
  DeploymentPlacement,
  deploymentPlacement,
  NodeFacts,
  parseCapacityPrices,
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
  updateModeMeaning,
} from '@supply-chain/plugin-capacity-common';
import {
  hpaTargetsDeployment,
  selectorMatches,
  type HorizontalPodAutoscalerObject,
} from '@supply-chain/plugin-rollouts-common';
import {
  entityObjectFilter,
  filterMatches,
} from '@supply-chain/plugin-rollouts-node';
import {
  errorWords,
  List,
  readNodes,
  SizingClusterReader,
} from './clusterReaders';

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
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec?: {
    nodeName?: string;
    tolerations?: PodToleration[];
    containers?: Container[];
  };
}

interface Vpa {
  metadata: { name: string };
  spec: {
    targetRef?: { kind?: string; name?: string };
    updatePolicy?: { updateMode?: string };
  };
  status?: {
    recommendation?: {
      containerRecommendations?: Array<{
        containerName: string;
        target?: Record<string, string>;
        lowerBound?: Record<string, string>;
        upperBound?: Record<string, string>;
        uncappedTarget?: Record<string, string>;
      }>;
    };
  };
}
interface PodMetrics {
  metadata: { name: string };
  containers?: Array<{ name: string; usage?: Record<string, string> }>;
}

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
 * One entity's sizing, read on request from its clusters with the portal's
 * read credential (the `kubernetes.clusterLocatorMethods` clusters, through
 * rollouts-node's cluster connection): its Deployments (found like the
 * rollouts backend finds them), their pods' usage from metrics.k8s.io, the
 * VPAs and HPAs that target them.
 */
export class EntitySizingService {
  private constructor(
    private readonly clusters: SizingClusterReader[],
    private readonly catalog: CatalogService,
    private readonly prices: CapacityPrices,
  ) {}

  static fromReaders(
    clusters: SizingClusterReader[],
    catalog: CatalogService,
    prices: CapacityPrices = parseCapacityPrices(undefined),
  ): EntitySizingService {
    return new EntitySizingService(clusters, catalog, prices);
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
    const filter = entityObjectFilter(entity);
    const clusters = await Promise.all(
      this.clusters
        .filter(c => !filter.cluster || c.name === filter.cluster)
        .map(async (cluster): Promise<ClusterSizing> => {
          if (filter.invalid) {
            return {
              name: cluster.name,
              status: 'degraded',
              error: filter.invalid,
              deployments: [],
            };
          }
          let deployments: Deployment[];
          try {
            const list = await cluster.get<List<Deployment>>(
              filter.namespace
                ? `/apis/apps/v1/namespaces/${encodeURIComponent(
                    filter.namespace,
                  )}/deployments`
                : '/apis/apps/v1/deployments',
            );
            deployments = (list.items ?? []).filter(d =>
              filterMatches(filter, cluster.name, d),
            );
          } catch (e) {
            return {
              name: cluster.name,
              status: 'degraded',
              error: errorWords(e),
              deployments: [],
            };
          }
          return this.sizeDeployments(cluster, deployments);
        }),
    );
    return { entityRef: stringifyEntityRef(entity), clusters };
  }

  private async sizeDeployments(
    cluster: SizingClusterReader,
    deployments: Deployment[],
  ): Promise<ClusterSizing> {
    const errors: string[] = [];
    const namespaces = [
      ...new Set(deployments.map(d => d.metadata.namespace ?? 'default')),
    ];
    const read = async <T>(path: string, what: string): Promise<T[]> => {
      try {
        return (await cluster.get<List<T>>(path)).items ?? [];
      } catch (e) {
        errors.push(`${what}: ${errorWords(e)}`);
        return [];
      }
    };
    // placement and cost need the nodes; without them (e.g. RBAC without
    // nodes) the rest is answered and placement says why it is unknown
    const nodes = await readNodes(cluster);
    const byNamespace = new Map(
      await Promise.all(
        namespaces.map(async ns => {
          const n = encodeURIComponent(ns);
          const [pods, hpas, vpas, metrics] = await Promise.all([
            read<Pod>(`/api/v1/namespaces/${n}/pods`, `pods in ${ns}`),
            read<HorizontalPodAutoscalerObject>(
              `/apis/autoscaling/v2/namespaces/${n}/horizontalpodautoscalers`,
              `HPAs in ${ns}`,
            ),
            read<Vpa>(
              `/apis/autoscaling.k8s.io/v1/namespaces/${n}/verticalpodautoscalers`,
              `VPAs in ${ns}`,
            ),
            read<PodMetrics>(
              `/apis/metrics.k8s.io/v1beta1/namespaces/${n}/pods`,
              `pod metrics in ${ns}`,
            ),
          ]);
          return [ns, { pods, hpas, vpas, metrics }] as const;
        }),
      ),
    );
    const sized = deployments
      .map(d => {
        const ns = d.metadata.namespace ?? 'default';
        return sizeDeployment(
          cluster.name,
          d,
          byNamespace.get(ns)!,
          nodes,
          this.prices,
        );
      })
      .sort((a, b) =>
        `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
      );
    return {
      name: cluster.name,
      status: errors.length ? 'degraded' : 'ok',
      ...(errors.length ? { error: errors.join('; ') } : {}),
      deployments: sized,
    };
  }
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
  const vpa = reads.vpas.find(
    v =>
      v.spec.targetRef?.kind === 'Deployment' &&
      v.spec.targetRef.name === deployment.metadata.name,
  );
  const hpa = reads.hpas.find(h => hpaTargetsDeployment(h, deployment as any));
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
          requests: sumAmounts(
            (p.spec?.containers ?? []).map(c =>
              resourceAmounts(c.resources?.requests),
            ),
          ),
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
