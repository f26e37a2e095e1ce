import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  NodeFacts,
  nodeFacts,
  ResourceAmounts,
  resourceAmounts,
} from '@supply-chain/plugin-capacity-common';
import { errorWords, List, SizingClusterReader } from './clusterReaders';

/** The fields of the apiserver's objects the poll keeps. */
export interface Vpa {
  metadata: { name: string; namespace?: string };
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
export interface PodMetrics {
  metadata: { name: string; namespace?: string };
  containers?: Array<{ name: string; usage?: Record<string, string> }>;
}
interface Node {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { taints?: Array<{ key: string; value?: string; effect: string }> };
  status?: { allocatable?: Record<string, string> };
}
interface NodeMetrics {
  metadata: { name: string };
  usage?: Record<string, string>;
}

/** One kind as last polled: the last good read, and why the latest read failed. */
export interface Polled<T> {
  /** the last good read; absent until one succeeded */
  items?: T;
  /** ISO time of the last good read */
  readAt?: string;
  /** why the latest read failed (or that none finished yet), in words */
  error?: string;
}

/** What capacity needs of a cluster that the watch cache does not hold. */
export interface ClusterPoll {
  nodes: Polled<NodeFacts[]>;
  nodeUsage: Polled<Map<string, ResourceAmounts>>;
  podMetrics: Polled<PodMetrics[]>;
  vpas: Polled<Vpa[]>;
}

/** How each polled kind is read and named in the answer. */
export const POLLED_KINDS = {
  nodes: {
    path: '/api/v1/nodes',
    words: (e: string) => `cannot read the nodes: ${e}`,
    keep: (list: List<Node>) => (list.items ?? []).map(nodeFacts),
  },
  nodeUsage: {
    path: '/apis/metrics.k8s.io/v1beta1/nodes',
    words: (e: string) => `node metrics: ${e}`,
    keep: (list: List<NodeMetrics>) =>
      new Map(
        (list.items ?? []).map(m => [
          m.metadata.name,
          resourceAmounts(m.usage),
        ]),
      ),
  },
  podMetrics: {
    path: '/apis/metrics.k8s.io/v1beta1/pods',
    words: (e: string) => `pod metrics: ${e}`,
    keep: (list: List<PodMetrics>) =>
      (list.items ?? []).map(m => ({
        metadata: { name: m.metadata.name, namespace: m.metadata.namespace },
        containers: m.containers?.map(c => ({ name: c.name, usage: c.usage })),
      })),
  },
  vpas: {
    path: '/apis/autoscaling.k8s.io/v1/verticalpodautoscalers',
    words: (e: string) => `VPAs: ${e}`,
    keep: (list: List<Vpa>) =>
      (list.items ?? []).map(v => ({
        metadata: { name: v.metadata.name, namespace: v.metadata.namespace },
        spec: {
          targetRef: v.spec?.targetRef,
          updatePolicy: v.spec?.updatePolicy,
        },
        status: v.status?.recommendation
          ? { recommendation: v.status.recommendation }
          : undefined,
      })),
  },
} as const;

type PolledKind = keyof typeof POLLED_KINDS;

/**
 * The kind's failure in words for the answer: why it could not be read and,
 * when an earlier read succeeded, that the answer shows that older data.
 */
export function polledError(
  kind: PolledKind,
  polled: Polled<unknown>,
): string | undefined {
  if (!polled.error) return undefined;
  const words = POLLED_KINDS[kind].words(polled.error);
  return polled.items !== undefined
    ? `${words} (stale: showing the last good read of ${polled.readAt})`
    : words;
}

export const NOT_READ_YET = 'not read yet (the first poll has not finished)';

/**
 * Reads per cluster, in the background every `intervalMs`, what capacity
 * needs and the rollouts watch cache does not hold: nodes, node and pod
 * metrics (metrics.k8s.io) and VPAs, one cluster-wide list per kind. One poll
 * in flight per cluster; a failed read keeps the last good data and records
 * why, so answers say that cluster's data is stale or unavailable. Requests
 * read {@link CapacityPoller.get} and never wait on a cluster.
 */
export class CapacityPoller {
  private readonly state = new Map<string, ClusterPoll>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private stopped = false;
  private firstRound?: Promise<void>;

  constructor(
    private readonly clusters: SizingClusterReader[],
    private readonly options: {
      intervalMs: number;
      logger?: LoggerService;
    },
  ) {
    for (const c of clusters) {
      this.state.set(c.name, {
        nodes: { error: NOT_READ_YET },
        nodeUsage: { error: NOT_READ_YET },
        podMetrics: { error: NOT_READ_YET },
        vpas: { error: NOT_READ_YET },
      });
    }
  }

  clusterNames(): string[] {
    return this.clusters.map(c => c.name);
  }

  /** What was last polled of a cluster (never waits). */
  get(cluster: string): ClusterPoll | undefined {
    return this.state.get(cluster);
  }

  /** Polls every cluster now, then every interval until stop(). */
  start(): void {
    this.firstRound = this.pollAll();
    for (const c of this.clusters) this.schedule(c);
  }

  /** Resolves once every cluster's first poll has settled (or start() was not called). */
  firstPollSettled(): Promise<void> {
    return this.firstRound ?? Promise.resolve();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** One poll of every cluster; a cluster whose poll is in flight is not polled again. */
  async pollAll(): Promise<void> {
    await Promise.all(this.clusters.map(c => this.poll(c)));
  }

  private schedule(cluster: SizingClusterReader) {
    if (this.stopped) return;
    const timer = setTimeout(async () => {
      this.timers.delete(timer);
      await this.poll(cluster);
      this.schedule(cluster);
    }, this.options.intervalMs);
    timer.unref?.();
    this.timers.add(timer);
  }

  private poll(cluster: SizingClusterReader): Promise<void> {
    const running = this.inFlight.get(cluster.name);
    if (running) return running;
    const done = this.read(cluster).finally(() =>
      this.inFlight.delete(cluster.name),
    );
    this.inFlight.set(cluster.name, done);
    return done;
  }

  private async read(cluster: SizingClusterReader): Promise<void> {
    const state = this.state.get(cluster.name)!;
    await Promise.all(
      (Object.keys(POLLED_KINDS) as PolledKind[]).map(async kind => {
        const spec = POLLED_KINDS[kind];
        const previous = state[kind] as Polled<unknown>;
        try {
          const list = await cluster.get<List<any>>(spec.path);
          (state as any)[kind] = {
            items: spec.keep(list),
            readAt: new Date().toISOString(),
          };
        } catch (e) {
          const error = errorWords(e);
          if (previous.error !== error) {
            this.options.logger?.warn(
              `capacity: cluster ${cluster.name}: ${spec.words(error)}`,
            );
          }
          (state as any)[kind] = { ...previous, error };
        }
      }),
    );
  }
}
