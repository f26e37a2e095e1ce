import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ArgoRolloutObject,
  DeploymentObject,
  ROLLOUTS_CLUSTERS_SIGNAL_CHANNEL,
  ROLLOUTS_MLMODELS_SIGNAL_CHANNEL,
  rolloutsEntityChannel,
} from '@supply-chain/plugin-rollouts-common';
import type {
  ClusterCacheChange,
  RolloutsClusterCacheService,
} from '@supply-chain/plugin-rollouts-node';
import {
  EntityObjectFilter,
  entityObjectFilter,
  filterMatches,
} from '@supply-chain/plugin-rollouts-node';

type Workload = DeploymentObject | ArgoRolloutObject;

interface Interest {
  filter: EntityObjectFilter;
  until: number;
}

/**
 * Pushes "changed" signals to the browser, debounced, one channel per entity
 * (`rollouts:entity:<ref>`), for the entities whose rollouts were read recently.
 * A change of a Pod, ReplicaSet, HPA, AnalysisRun or Istio object is traced to
 * the Deployments and Argo Rollouts it belongs to, and those to entities by the
 * entity's filter.
 */
export class RolloutSignalsService {
  private readonly interests = new Map<string, Interest>();
  private readonly pendingEntities = new Map<string, Set<string>>();
  private pendingClusters = false;
  private pendingModels = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  private constructor(
    private readonly cache: RolloutsClusterCacheService,
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
    private readonly debounceMs: number,
    private readonly interestTtlMs: number,
  ) {}

  static create(deps: {
    cache: RolloutsClusterCacheService;
    signals: SignalsService;
    logger: LoggerService;
    config: RootConfigService;
  }): RolloutSignalsService {
    return new RolloutSignalsService(
      deps.cache,
      deps.signals,
      deps.logger,
      deps.config.getOptionalNumber('rollouts.signalDebounceMs') ?? 300,
      deps.config.getOptionalNumber('rollouts.signalInterestTtlMs') ??
        30 * 60 * 1000,
    );
  }

  start(): void {
    this.unsubscribe = this.cache.subscribe(change => this.onChange(change));
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Remember that a browser shows this entity: its changes are signalled for a while. */
  watchEntity(entity: Entity): void {
    this.interests.set(stringifyEntityRef(entity), {
      filter: entityObjectFilter(entity),
      until: Date.now() + this.interestTtlMs,
    });
  }

  /**
   * The workloads an object change concerns: Deployments and Argo Rollouts,
   * the objects an entity's filter is matched against (a Pod through its
   * ReplicaSet's owner, an AnalysisRun through its Rollout).
   */
  private workloadsOf(
    change: Extract<
      ClusterCacheChange,
      { type: 'ADDED' | 'MODIFIED' | 'DELETED' }
    >,
  ): Workload[] {
    const { cluster, object } = change;
    const namespace = object.metadata.namespace;
    // the cache's slim objects carry no kind: the list says which it is
    const deployments = () =>
      this.cache.listDeployments(cluster, { namespace });
    const rollouts = () =>
      this.cache.listArgoRollouts?.(cluster, { namespace }) ?? [];
    const inNamespace = (): Workload[] => [...deployments(), ...rollouts()];
    const ofKind = new Map<string, () => Workload[]>([
      ['Deployment', deployments],
      ['Rollout', rollouts],
    ]);
    const named = (kind: string | undefined, name: string | undefined) =>
      (ofKind.get(kind ?? '')?.() ?? []).filter(w => w.metadata.name === name);
    const controller = (o: { metadata: unknown }) =>
      (o.metadata as any).ownerReferences?.find((r: any) => r.controller) as
        | { kind: string; name: string }
        | undefined;
    const ownerOf = (o: { metadata: unknown }) => {
      const owner = controller(o);
      return owner ? named(owner.kind, owner.name) : [];
    };
    switch (change.kind) {
      case 'Deployment':
      case 'Rollout':
        return [object as Workload];
      case 'ReplicaSet':
      case 'AnalysisRun':
        return ownerOf(object);
      case 'Pod': {
        const rsOwner = controller(object);
        if (rsOwner?.kind !== 'ReplicaSet') return [];
        const rs = this.cache
          .listReplicaSets(cluster, { namespace })
          .find(r => r.metadata.name === rsOwner.name);
        return rs ? ownerOf(rs) : [];
      }
      case 'HorizontalPodAutoscaler': {
        const target = (object as any).spec?.scaleTargetRef;
        return named(target?.kind, target?.name);
      }
      case 'VirtualService':
      case 'DestinationRule':
        return inNamespace();
      default:
        return [];
    }
  }

  private onChange(change: ClusterCacheChange): void {
    const now = Date.now();
    for (const [ref, interest] of [...this.interests]) {
      if (interest.until < now) this.interests.delete(ref);
    }
    if (change.type === 'HEALTH') {
      this.pendingClusters = true;
      for (const [ref, interest] of this.interests) {
        if (
          !interest.filter.cluster ||
          interest.filter.cluster === change.cluster
        )
          this.mark(ref, change.cluster);
      }
    } else if (change.kind === 'MLModel') {
      this.pendingModels = true;
      for (const [ref, interest] of this.interests) {
        if (filterMatches(interest.filter, change.cluster, change.object))
          this.mark(ref, change.cluster);
      }
    } else if (this.interests.size > 0) {
      const workloads = this.workloadsOf(change);
      for (const [ref, interest] of this.interests) {
        if (
          workloads.some(d => filterMatches(interest.filter, change.cluster, d))
        ) {
          this.mark(ref, change.cluster);
        }
      }
    }
    this.schedule();
  }

  private mark(entityRef: string, cluster: string) {
    const set = this.pendingEntities.get(entityRef) ?? new Set<string>();
    set.add(cluster);
    this.pendingEntities.set(entityRef, set);
  }

  private schedule() {
    if (this.timer) return;
    if (
      this.pendingEntities.size === 0 &&
      !this.pendingClusters &&
      !this.pendingModels
    )
      return;
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
    this.timer.unref?.();
  }

  /** Sends what accumulated; exposed for tests. */
  async flush(): Promise<void> {
    this.timer = undefined;
    const entities = [...this.pendingEntities];
    this.pendingEntities.clear();
    const clusters = this.pendingClusters;
    const models = this.pendingModels;
    this.pendingClusters = false;
    this.pendingModels = false;
    const publish = async (channel: string, message: Record<string, any>) => {
      try {
        await this.signals.publish({
          recipients: { type: 'broadcast' },
          channel,
          message,
        });
      } catch (e) {
        this.logger.warn(
          `rollouts: could not send signal on ${channel}: ${
            (e as Error).message
          }`,
        );
      }
    };
    await Promise.all([
      ...entities.map(([entityRef, cs]) =>
        publish(rolloutsEntityChannel(entityRef), {
          type: 'changed',
          entityRef,
          clusters: [...cs],
        }),
      ),
      ...(clusters
        ? [publish(ROLLOUTS_CLUSTERS_SIGNAL_CHANNEL, { type: 'clusters' })]
        : []),
      ...(models
        ? [publish(ROLLOUTS_MLMODELS_SIGNAL_CHANNEL, { type: 'mlmodels' })]
        : []),
    ]);
  }
}
