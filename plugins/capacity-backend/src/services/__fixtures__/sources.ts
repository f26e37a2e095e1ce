import type {
  ClusterHealth,
  WatchedKind,
} from '@supply-chain/plugin-rollouts-common';
import type {
  ObjectFilter,
  RolloutsClusterCacheService,
} from '@supply-chain/plugin-rollouts-node';
import { CapacityPoller } from '../CapacityPoller';
import { errorWords, List, SizingClusterReader } from '../clusterReaders';
import { capacitySources, CapacitySources } from '../sources';

/** The cluster-wide lists the rollouts watch cache makes of the kinds capacity reads from it. */
export const CACHE_LISTS: Array<[WatchedKind, string]> = [
  ['Deployment', '/apis/apps/v1/deployments'],
  ['Pod', '/api/v1/pods'],
  ['HorizontalPodAutoscaler', '/apis/autoscaling/v2/horizontalpodautoscalers'],
];

/**
 * A watch cache as the rollouts cache would hold these clusters after its
 * first list: each kind listed once through the reader (an unreadable
 * Deployment list makes the cluster unreachable, another kind degraded).
 */
export async function cacheOf(
  readers: SizingClusterReader[],
): Promise<RolloutsClusterCacheService> {
  const objects = new Map<string, Map<WatchedKind, any[]>>();
  const health = new Map<string, ClusterHealth>();
  const since = new Date(0).toISOString();
  for (const reader of readers) {
    const kinds = new Map<WatchedKind, any[]>();
    const resources: NonNullable<ClusterHealth['resources']> = [];
    for (const [kind, path] of CACHE_LISTS) {
      try {
        kinds.set(kind, (await reader.get<List<any>>(path)).items ?? []);
        resources.push({ kind, status: 'synced' });
      } catch (e) {
        resources.push({ kind, status: 'degraded', error: errorWords(e) });
      }
    }
    objects.set(reader.name, kinds);
    const deployments = resources.find(r => r.kind === 'Deployment')!;
    const failing = resources.filter(r => r.status !== 'synced');
    let status: ClusterHealth['status'] = 'synced';
    if (failing.length) status = 'degraded';
    if (deployments.status !== 'synced') status = 'unreachable';
    health.set(reader.name, {
      name: reader.name,
      status,
      since,
      ...(failing.length ? { error: failing[0].error } : {}),
      resources,
    });
  }
  const select = (cluster: string, kind: WatchedKind, f?: ObjectFilter) =>
    (objects.get(cluster)?.get(kind) ?? []).filter(
      o => !f?.namespace || o.metadata?.namespace === f.namespace,
    );
  const unused = () => {
    throw new Error('capacity does not read this from the cache');
  };
  return {
    listClusters: () => [...health.values()],
    getClusterHealth: cluster => health.get(cluster),
    listDeployments: (c, f) => select(c, 'Deployment', f),
    getDeployment: unused,
    listReplicaSets: unused,
    listPods: (c, f) => select(c, 'Pod', f),
    listHorizontalPodAutoscalers: (c, f) =>
      select(c, 'HorizontalPodAutoscaler', f),
    listMLModels: unused,
    listVirtualServices: unused,
    listDestinationRules: unused,
    listAuthorizationPolicies: unused,
    listConfigMaps: unused,
    isWatching: () => true,
    subscribe: () => () => {},
    waitForSync: async () => {},
  };
}

/** The sources of these clusters: the cache after its first list, the poll after its first read. */
export async function sourcesOf(
  readers: SizingClusterReader[],
): Promise<CapacitySources> {
  const cache = await cacheOf(readers);
  const poller = new CapacityPoller(readers, { intervalMs: 30_000 });
  await poller.pollAll();
  return capacitySources(cache, poller);
}
