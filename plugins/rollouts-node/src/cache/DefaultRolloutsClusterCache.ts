import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import {
  ClusterHealth,
  selectorMatches,
  WatchedKind,
} from '@supply-chain/plugin-rollouts-common';
import {
  defaultAuthStrategies,
  readClusterLocatorMethods,
} from '../clusters/ClusterConnection';
import { KubernetesHttpClient } from '../clusters/KubernetesHttpClient';
import {
  ClusterCacheChange,
  ObjectFilter,
  RolloutsClusterCacheService,
} from '../types';
import { ClusterWatcher } from './ClusterWatcher';
import { ObjectChange } from './ResourceWatch';

/** @public */
export interface DefaultRolloutsClusterCacheOptions {
  config: RootConfigService;
  logger: LoggerService;
  /** auth providers by name; default serviceAccount, localKubectlProxy, anonymous */
  authStrategies?: Record<string, AuthenticationStrategy>;
}

/**
 * The shared watch cache. Clusters of `type: config` and `type: localKubectlProxy`
 * start watching on creation; catalog-located clusters arrive through
 * `setClusters('catalog', ...)` from a plugin that can read the catalog.
 * @public
 */
export class DefaultRolloutsClusterCache
  implements RolloutsClusterCacheService
{
  private readonly watchers = new Map<string, ClusterWatcher>();
  private readonly sources = new Map<string, string>();
  private readonly listeners = new Set<(change: ClusterCacheChange) => void>();
  /** true when a `type: catalog` cluster locator is configured */
  readonly catalogLocator: boolean;

  private constructor(
    private readonly options: DefaultRolloutsClusterCacheOptions & {
      configMapNames: string[];
      watchTimeoutSeconds: number;
      maxBackoffMs: number;
      strategies: Record<string, AuthenticationStrategy>;
    },
    catalogLocator: boolean,
  ) {
    this.catalogLocator = catalogLocator;
  }

  static async create(
    options: DefaultRolloutsClusterCacheOptions,
  ): Promise<DefaultRolloutsClusterCache> {
    const { config, logger } = options;
    const located = readClusterLocatorMethods(config);
    if (located.unsupported.length) {
      logger.warn(
        `rollouts: cluster locator types ${located.unsupported.join(
          ', ',
        )} are not supported by the rollouts watch cache; their clusters are not watched`,
      );
    }
    const cache = new DefaultRolloutsClusterCache(
      {
        ...options,
        configMapNames: config.getOptionalStringArray(
          'rollouts.configMapNames',
        ) ?? ['service-boundaries'],
        watchTimeoutSeconds:
          config.getOptionalNumber('rollouts.watchTimeoutSeconds') ?? 300,
        maxBackoffMs:
          config.getOptionalNumber('rollouts.maxBackoffMs') ?? 30000,
        strategies: options.authStrategies ?? defaultAuthStrategies,
      },
      located.catalog,
    );
    await cache.setClusters('config', located.clusters);
    return cache;
  }

  /** Replaces the clusters of one source ('config', 'catalog'): new ones start, vanished ones stop. */
  async setClusters(source: string, clusters: ClusterDetails[]): Promise<void> {
    const wanted = new Map(clusters.map(c => [c.name, c]));
    for (const [name, src] of [...this.sources]) {
      if (src === source && !wanted.has(name)) {
        this.watchers.get(name)?.stop();
        this.watchers.delete(name);
        this.sources.delete(name);
        this.emit({ cluster: name, kind: 'Cluster', type: 'HEALTH' });
      }
    }
    for (const details of clusters) {
      const existing = this.watchers.get(details.name);
      if (existing) {
        if (this.sources.get(details.name) !== source) {
          this.options.logger.warn(
            `rollouts: cluster ${details.name} is defined twice; keeping the first`,
          );
          continue;
        }
        if (existing.details.url === details.url) continue;
        existing.stop();
      }
      let client: KubernetesHttpClient;
      try {
        client = await KubernetesHttpClient.create(
          details,
          this.options.strategies,
        );
      } catch (e) {
        this.options.logger.error(
          `rollouts: cluster ${details.name} cannot be watched: ${
            (e as Error).message
          }`,
        );
        continue;
      }
      const watcher = new ClusterWatcher(details, client, {
        configMapNames: this.options.configMapNames,
        timing: {
          watchTimeoutSeconds: this.options.watchTimeoutSeconds,
          maxBackoffMs: this.options.maxBackoffMs,
          minBackoffMs: 500,
        },
        rediscoverMs: 120_000,
        logger: this.options.logger,
        onChange: (cluster, change) => this.onObjectChange(cluster, change),
        onHealth: cluster =>
          this.emit({ cluster, kind: 'Cluster', type: 'HEALTH' }),
      });
      this.watchers.set(details.name, watcher);
      this.sources.set(details.name, source);
      watcher.start();
    }
  }

  stop(): void {
    for (const w of this.watchers.values()) w.stop();
    this.watchers.clear();
  }

  private onObjectChange(cluster: string, change: ObjectChange) {
    this.emit({ cluster, ...change });
  }

  private emit(change: ClusterCacheChange) {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (e) {
        this.options.logger.warn(
          `rollouts: cache listener failed: ${(e as Error).message}`,
        );
      }
    }
  }

  private select<T>(
    cluster: string,
    kind: WatchedKind,
    filter?: ObjectFilter,
  ): T[] {
    const watcher = this.watchers.get(cluster);
    if (!watcher) return [];
    return watcher
      .list(kind)
      .filter(
        o =>
          (!filter?.namespace || o.metadata.namespace === filter.namespace) &&
          (!filter?.labelSelector ||
            selectorMatches(filter.labelSelector, o.metadata.labels)),
      );
  }

  listClusters(): ClusterHealth[] {
    return [...this.watchers.values()].map(w => w.getHealth());
  }
  getClusterHealth(cluster: string) {
    return this.watchers.get(cluster)?.getHealth();
  }
  listDeployments(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'Deployment', filter);
  }
  getDeployment(cluster: string, namespace: string, name: string) {
    return this.listDeployments(cluster, { namespace }).find(
      d => d.metadata.name === name,
    );
  }
  listReplicaSets(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'ReplicaSet', filter);
  }
  listPods(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'Pod', filter);
  }
  listHorizontalPodAutoscalers(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'HorizontalPodAutoscaler', filter);
  }
  listMLModels(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'MLModel', filter);
  }
  listVirtualServices(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'VirtualService', filter);
  }
  listDestinationRules(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'DestinationRule', filter);
  }
  listAuthorizationPolicies(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'AuthorizationPolicy', filter);
  }
  listArgoRollouts(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'Rollout', filter);
  }
  listAnalysisRuns(cluster: string, filter?: ObjectFilter) {
    return this.select<any>(cluster, 'AnalysisRun', filter);
  }
  listConfigMaps(cluster: string, name: string) {
    return this.select<any>(cluster, 'ConfigMap').filter(
      c => c.metadata.name === name,
    );
  }
  isWatching(cluster: string, kind: WatchedKind): boolean {
    return this.watchers.get(cluster)?.isWatching(kind) ?? false;
  }
  subscribe(listener: (change: ClusterCacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async waitForSync(timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ([...this.watchers.values()].every(w => w.initialSyncDone())) return;
      await new Promise(r => setTimeout(r, 50));
    }
  }

  clusterNames(): string[] {
    return [...this.watchers.keys()];
  }
}
