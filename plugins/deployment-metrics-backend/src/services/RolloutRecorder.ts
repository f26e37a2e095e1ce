import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentObject,
  ReplicaSetObject,
  computeRollout,
  replicaSetBelongsTo,
  replicaSetRevision,
} from '@supply-chain/plugin-rollouts-common';
import { RolloutsClusterCacheService } from '@supply-chain/plugin-rollouts-node';
import { MetricsStores } from './stores';

/** Set by the Deployment controller on a ReplicaSet that was reused (rollback). */
const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';

/** Progressing reasons the controller writes while it rolls out a new ReplicaSet. */
const ROLLING_REASONS = [
  'ReplicaSetUpdated',
  'NewReplicaSetCreated',
  'FoundNewReplicaSet',
];

function progressing(d: DeploymentObject) {
  return d.status?.conditions?.find(c => c.type === 'Progressing');
}

/** The ReplicaSet of a revision, also when it has since been reused for a newer one. */
function replicaSetOf(
  replicaSets: ReplicaSetObject[],
  revision: number,
): ReplicaSetObject | undefined {
  return (
    replicaSets.find(rs => replicaSetRevision(rs) === revision) ??
    replicaSets.find(rs =>
      (rs.metadata.annotations?.[REVISION_HISTORY_ANNOTATION] ?? '')
        .split(',')
        .includes(String(revision)),
    )
  );
}

function time(value: string | undefined): number | undefined {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Records rollouts from the shared cluster watch cache (no watch of its own):
 * a new revision of a Deployment starts a rollout; its progress deadline
 * marks it stalled; all replicas of the new revision available completes it;
 * a newer rollout supersedes it, and a rollback (a reused ReplicaSet) marks it
 * rolled back. Start and end come from the cluster (the new ReplicaSet's
 * creation, the Progressing condition's update time), so that a rollout that
 * finished while the portal was down gets its real duration when the
 * recorder reconciles the cluster's current state on start. Rollouts that
 * started before recording began are not recorded.
 */
export class RolloutRecorder {
  private readonly queues = new Map<string, Promise<void>>();
  private unsubscribe?: () => void;
  private observedSince = 0;

  private constructor(
    private readonly cache: RolloutsClusterCacheService,
    private readonly stores: MetricsStores,
    private readonly logger: LoggerService,
    private readonly now: () => number,
  ) {}

  static create(options: {
    cache: RolloutsClusterCacheService;
    stores: MetricsStores;
    logger: LoggerService;
    now?: () => number;
  }): RolloutRecorder {
    return new RolloutRecorder(
      options.cache,
      options.stores,
      options.logger,
      options.now ?? Date.now,
    );
  }

  /** Subscribes to the cache, then reconciles every Deployment the cache lists. */
  async start(options: { syncTimeoutMs?: number } = {}): Promise<void> {
    this.observedSince = Date.parse(
      await this.stores.meta.observedSince(this.now()),
    );
    this.unsubscribe = this.cache.subscribe(change => {
      if (change.kind === 'Deployment' && change.type !== 'DELETED') {
        this.enqueue(change.cluster, change.object as DeploymentObject);
      } else if (change.kind === 'ReplicaSet' && change.type !== 'DELETED') {
        const owner = (
          change.object as ReplicaSetObject
        ).metadata.ownerReferences?.find(
          o => o.controller && o.kind === 'Deployment',
        );
        const namespace = change.object.metadata.namespace;
        if (owner && namespace) {
          const d = this.cache.getDeployment(
            change.cluster,
            namespace,
            owner.name,
          );
          if (d) this.enqueue(change.cluster, d);
        }
      }
    });
    await this.cache.waitForSync(options.syncTimeoutMs);
    await this.reconcile();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Observes every Deployment of every cluster once (startup reconciliation). */
  async reconcile(): Promise<void> {
    for (const cluster of this.cache.listClusters()) {
      for (const d of this.cache.listDeployments(cluster.name)) {
        this.enqueue(cluster.name, d);
      }
    }
    await this.idle();
  }

  /** resolves when every queued observation has been written */
  async idle(): Promise<void> {
    while (this.queues.size > 0) {
      await Promise.all([...this.queues.values()]);
    }
  }

  private enqueue(cluster: string, d: DeploymentObject) {
    const key = `${cluster}/${d.metadata.namespace}/${d.metadata.name}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    // the state of this change, in order: each step of a rollout counts
    const next = previous
      .then(() => this.observe(cluster, d))
      .catch(error =>
        this.logger.warn(
          `could not record the rollout of ${key}: ${(error as Error).message}`,
        ),
      )
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    this.queues.set(key, next);
  }

  /** Advances the recorded rollout of one Deployment to what the cluster shows. */
  async observe(cluster: string, d: DeploymentObject): Promise<void> {
    const uid = d.metadata.uid;
    if (!uid || d.metadata.deletionTimestamp) return;
    const replicaSets = this.cache
      .listReplicaSets(cluster, { namespace: d.metadata.namespace })
      .filter(rs => replicaSetBelongsTo(rs, d));
    const rollout = computeRollout(
      d,
      replicaSets,
      [],
      undefined,
      undefined,
      undefined,
      cluster,
    );
    const revision = rollout.revision;
    if (!revision) return;
    const now = this.now();
    await this.stores.deployments.remember(
      {
        cluster,
        deploymentUid: uid,
        namespace: rollout.namespace,
        name: rollout.name,
        labels: d.metadata.labels ?? {},
      },
      now,
    );

    let recorded = await this.stores.rollouts.find(cluster, uid, revision);
    if (!recorded) {
      // the ReplicaSet's event may come after the Deployment's: wait for it
      const rs = replicaSetOf(replicaSets, revision);
      if (!rs) return;
      const started = this.startOf(
        d,
        replicaSets,
        revision,
        rollout.phase === 'complete',
        now,
      );
      // the controller has not written the status of this revision yet: its
      // status update follows and brings the time
      if (!started) return;
      // before recording began; the cluster's times have whole seconds, so
      // a rollout started in the second recording began counts
      if (started.at < this.observedSince - (this.observedSince % 1000)) {
        return;
      }
      const previous = rollout.revisions.find(r => r.previous);
      const images = (rs.spec.template?.spec?.containers ?? [])
        .map(c => c.image)
        .filter((i): i is string => !!i);
      const inserted = await this.stores.rollouts.insert(
        {
          cluster,
          namespace: rollout.namespace,
          deployment: rollout.name,
          deploymentUid: uid,
          fromRevision: previous?.revision,
          toRevision: revision,
          version: rs.spec.template?.metadata?.labels?.version,
          images,
          startedAt: started.at,
          rollback: started.rollback,
          desiredReplicas: rollout.desiredReplicas,
          // a Deployment's first revision starts from nothing: no capacity to drop
          minAvailableReplicas: previous
            ? rollout.availableReplicas
            : rollout.desiredReplicas,
        },
        now,
      );
      if (inserted) {
        this.logger.info(
          `rollout of ${cluster}/${rollout.namespace}/${
            rollout.name
          } to revision ${revision}${
            started.rollback ? ' (rollback)' : ''
          } started`,
        );
      }
      await this.stores.rollouts.closeOlder(
        cluster,
        uid,
        revision,
        started.rollback,
        started.at,
      );
      recorded = await this.stores.rollouts.find(cluster, uid, revision);
      if (!recorded) return;
    }
    if (recorded.outcome !== 'in-progress' && recorded.outcome !== 'stalled') {
      return;
    }
    if (rollout.phase !== 'complete' && recorded.toRevision === revision) {
      const hadPrevious = rollout.revisions.some(r => r.previous);
      if (hadPrevious) {
        await this.stores.rollouts.observeAvailable(
          recorded.id,
          rollout.availableReplicas,
          rollout.desiredReplicas,
        );
      }
    }
    const condition = progressing(d);
    if (rollout.phase === 'stalled' && !recorded.stalledAt) {
      const stalledAt = time(condition?.lastUpdateTime) ?? now;
      await this.stores.rollouts.markStalled(recorded.id, stalledAt);
      this.logger.info(
        `rollout of ${cluster}/${rollout.namespace}/${rollout.name} to revision ${revision} stalled`,
      );
    } else if (rollout.phase === 'complete') {
      const finishedAt =
        condition?.reason === 'NewReplicaSetAvailable'
          ? time(condition.lastUpdateTime) ?? now
          : now;
      await this.stores.rollouts.markCompleted(
        recorded.id,
        recorded.startedAt,
        finishedAt,
      );
      this.logger.info(
        `rollout of ${cluster}/${rollout.namespace}/${rollout.name} to revision ${revision} completed`,
      );
    }
  }

  /**
   * When the rollout to `revision` started, by the cluster's clock: the
   * creation of its ReplicaSet, unless that ReplicaSet was reused (a
   * rollback: the Deployment controller annotates it with the revision
   * history, or it is older than the revision before it). Undefined for a
   * rollback whose status the controller has not written yet (it annotates
   * the reused ReplicaSet and the Deployment a moment before): taking the
   * portal's clock then would start the rollout after the second the
   * controller later reports as its end.
   */
  private startOf(
    d: DeploymentObject,
    replicaSets: ReplicaSetObject[],
    revision: number,
    complete: boolean,
    now: number,
  ): { at: number; rollback: boolean } | undefined {
    const rs = replicaSetOf(replicaSets, revision);
    const created = time(rs?.metadata.creationTimestamp);
    const older = replicaSets
      .filter(r => replicaSetRevision(r) < revision)
      .map(r => time(r.metadata.creationTimestamp) ?? 0);
    const history = rs?.metadata.annotations?.[REVISION_HISTORY_ANNOTATION];
    const first = history
      ? Math.min(
          ...history
            .split(',')
            .map(Number)
            .filter(n => n > 0),
        )
      : undefined;
    const rollback =
      first !== undefined
        ? revision > first
        : created !== undefined && older.some(t => t > created);
    if (!rollback && created !== undefined) return { at: created, rollback };
    // a reused ReplicaSet tells nothing about when the rollout began: take
    // the Progressing condition once the controller has acted on it, else
    // the portal's clock
    const condition = progressing(d);
    const acted =
      (complete && condition?.reason === 'NewReplicaSetAvailable') ||
      (!complete &&
        d.status?.observedGeneration === d.metadata.generation &&
        ROLLING_REASONS.includes(condition?.reason ?? ''));
    const statusBehind =
      d.metadata.generation !== undefined &&
      (d.status?.observedGeneration ?? 0) < d.metadata.generation;
    if (!acted && statusBehind) return undefined;
    return {
      at: (acted ? time(condition?.lastUpdateTime) : undefined) ?? now,
      rollback,
    };
  }
}
