import {
  CapacityPrices,
  ClusterNodeGroups,
  nodeGroupUtilisation,
  NodeGroupsResponse,
  podRequests,
  PodRequestSpec,
  ResourceAmounts,
  resourceAmounts,
} from '@supply-chain/plugin-capacity-common';
import {
  errorWords,
  List,
  readNodes,
  SizingClusterReader,
} from './clusterReaders';

interface Pod {
  spec?: PodRequestSpec & { nodeName?: string };
}
interface NodeMetrics {
  metadata: { name: string };
  usage?: Record<string, string>;
}

/** Pods that hold their requests on a node: not yet finished. */
const RUNNING_PODS =
  '/api/v1/pods?fieldSelector=status.phase!%3DSucceeded,status.phase!%3DFailed';

/**
 * Per cluster, per node group: allocatable, requested and used (metrics.k8s.io
 * nodes) and the monthly price, read on request with the portal's read
 * credential. Aggregates only: no pod or workload is named.
 */
export class NodeGroupService {
  private constructor(
    private readonly clusters: SizingClusterReader[],
    private readonly prices: CapacityPrices,
  ) {}

  static fromReaders(
    clusters: SizingClusterReader[],
    prices: CapacityPrices,
  ): NodeGroupService {
    return new NodeGroupService(clusters, prices);
  }

  async nodeGroups(): Promise<NodeGroupsResponse> {
    return {
      currency: this.prices.currency,
      clusters: await Promise.all(this.clusters.map(c => this.cluster(c))),
    };
  }

  private async cluster(
    cluster: SizingClusterReader,
  ): Promise<ClusterNodeGroups> {
    const nodes = await readNodes(cluster);
    if ('error' in nodes) {
      return {
        name: cluster.name,
        status: 'degraded',
        error: nodes.error,
        nodeGroups: [],
      };
    }
    const errors: string[] = [];
    let pods: Pod[] | undefined;
    try {
      pods = (await cluster.get<List<Pod>>(RUNNING_PODS)).items ?? [];
    } catch (e) {
      errors.push(`pods: ${errorWords(e)}`);
    }
    let usage: Map<string, ResourceAmounts> | undefined;
    try {
      const metrics = await cluster.get<List<NodeMetrics>>(
        '/apis/metrics.k8s.io/v1beta1/nodes',
      );
      usage = new Map(
        (metrics.items ?? []).map(m => [
          m.metadata.name,
          resourceAmounts(m.usage),
        ]),
      );
    } catch (e) {
      errors.push(`node metrics: ${errorWords(e)}`);
    }
    return {
      name: cluster.name,
      status: errors.length ? 'degraded' : 'ok',
      ...(errors.length ? { error: errors.join('; ') } : {}),
      nodeGroups: nodeGroupUtilisation(
        nodes,
        pods?.map(p => ({
          nodeName: p.spec?.nodeName,
          // as the scheduler counts it: init containers and overhead too
          requests: podRequests(p.spec),
        })),
        usage,
        this.prices,
      ),
    };
  }
}
