import {
  CapacityPrices,
  ClusterNodeGroups,
  nodeGroupUtilisation,
  NodeGroupsResponse,
  podRequests,
  PodRequestSpec,
} from '@supply-chain/plugin-capacity-common';
import { polledError } from './CapacityPoller';
import { cacheStatus, CapacitySources } from './sources';

interface Pod {
  spec?: PodRequestSpec & { nodeName?: string };
  status?: { phase?: string };
}

/** Pods that hold their requests on a node: not yet finished. */
const finished = (p: Pod) =>
  p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/**
 * Per cluster, per node group: allocatable, requested and used (metrics.k8s.io
 * nodes) and the monthly price, computed from memory: the pods from the
 * rollouts watch cache, the nodes and their usage from capacity's background
 * poll. Aggregates only: no pod or workload is named.
 */
export class NodeGroupService {
  private constructor(
    private readonly sources: CapacitySources,
    private readonly prices: CapacityPrices,
  ) {}

  static fromSources(
    sources: CapacitySources,
    prices: CapacityPrices,
  ): NodeGroupService {
    return new NodeGroupService(sources, prices);
  }

  async nodeGroups(): Promise<NodeGroupsResponse> {
    await this.sources.ready();
    return {
      currency: this.prices.currency,
      clusters: this.sources.poller.clusterNames().map(c => this.cluster(c)),
    };
  }

  private cluster(name: string): ClusterNodeGroups {
    const poll = this.sources.poller.get(name)!;
    const nodesError = polledError('nodes', poll.nodes);
    if (!poll.nodes.items) {
      return {
        name,
        status: 'degraded',
        error: nodesError,
        nodeGroups: [],
      };
    }
    const errors: string[] = [];
    if (nodesError) errors.push(nodesError);
    const cached = cacheStatus(this.sources.cache, name);
    let pods: Pod[] | undefined;
    if (cached.away) {
      errors.push(`pods: ${cached.away}`);
    } else {
      errors.push(...cached.errors.filter(e => e.startsWith('pods: ')));
      pods = (this.sources.cache.listPods(name) as Pod[]).filter(
        p => !finished(p),
      );
    }
    const usageError = polledError('nodeUsage', poll.nodeUsage);
    if (usageError) errors.push(usageError);
    return {
      name,
      status: errors.length ? 'degraded' : 'ok',
      ...(errors.length ? { error: errors.join('; ') } : {}),
      nodeGroups: nodeGroupUtilisation(
        poll.nodes.items,
        pods?.map(p => ({
          nodeName: p.spec?.nodeName,
          // as the scheduler counts it: init containers and overhead too
          requests: podRequests(p.spec),
        })),
        poll.nodeUsage.items,
        this.prices,
      ),
    };
  }
}
