import {
  DeploymentObject,
  ReplicaSetObject,
} from '@supply-chain/plugin-rollouts-common';
import {
  ClusterCacheChange,
  RolloutsClusterCacheService,
} from '@supply-chain/plugin-rollouts-node';

/**
 * An in-memory stand-in for the shared cluster watch cache: holds
 * Deployments and ReplicaSets of one cluster and tells subscribers about
 * changes, as the real cache does after a watch event.
 */
export class FakeClusterCache {
  readonly deployments = new Map<string, DeploymentObject>();
  readonly replicaSets = new Map<string, ReplicaSetObject>();
  private readonly listeners = new Set<(c: ClusterCacheChange) => void>();

  constructor(readonly cluster = 'prod') {}

  putDeployment(d: DeploymentObject) {
    const key = `${d.metadata.namespace}/${d.metadata.name}`;
    const type = this.deployments.has(key) ? 'MODIFIED' : 'ADDED';
    const copy = structuredClone(d);
    this.deployments.set(key, copy);
    this.emit({
      cluster: this.cluster,
      kind: 'Deployment',
      type,
      object: copy,
    });
  }

  putReplicaSet(rs: ReplicaSetObject) {
    const key = `${rs.metadata.namespace}/${rs.metadata.name}`;
    const type = this.replicaSets.has(key) ? 'MODIFIED' : 'ADDED';
    const copy = structuredClone(rs);
    this.replicaSets.set(key, copy);
    this.emit({
      cluster: this.cluster,
      kind: 'ReplicaSet',
      type,
      object: copy,
    });
  }

  /** how many subscribers listen (the recorder subscribes once it started) */
  get subscribers(): number {
    return this.listeners.size;
  }

  private emit(change: ClusterCacheChange) {
    for (const l of this.listeners) l(change);
  }

  get service(): RolloutsClusterCacheService {
    const cluster = this.cluster;
    const health = {
      name: cluster,
      status: 'synced' as const,
    };
    return {
      listClusters: () => [health as any],
      getClusterHealth: () => health as any,
      listDeployments: () => [...this.deployments.values()],
      getDeployment: (_c, namespace, name) =>
        this.deployments.get(`${namespace}/${name}`),
      listReplicaSets: (_c, filter) =>
        [...this.replicaSets.values()].filter(
          rs =>
            !filter?.namespace || rs.metadata.namespace === filter.namespace,
        ),
      listPods: () => [],
      listHorizontalPodAutoscalers: () => [],
      listMLModels: () => [],
      listVirtualServices: () => [],
      listDestinationRules: () => [],
      listAuthorizationPolicies: () => [],
      listConfigMaps: () => [],
      isWatching: () => true,
      subscribe: listener => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      waitForSync: async () => {},
    };
  }
}

/**
 * Drives one Deployment through rollouts the way the Deployment controller
 * writes them: a ReplicaSet per revision (reused on rollback, with the
 * revision-history annotation), status counts and the Progressing condition.
 */
export class FakeDeployment {
  revision = 0;
  private hashes = new Map<string, number>();
  deployment: DeploymentObject;

  constructor(
    private readonly cache: FakeClusterCache,
    readonly name: string,
    readonly options: {
      namespace?: string;
      uid?: string;
      replicas?: number;
      labels?: Record<string, string>;
    } = {},
  ) {
    this.deployment = {
      metadata: {
        name,
        namespace: options.namespace ?? 'shop',
        uid: options.uid ?? `uid-${name}`,
        generation: 1,
        labels: options.labels ?? { 'backstage.io/kubernetes-id': name },
        annotations: {},
      },
      spec: {
        replicas: options.replicas ?? 3,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [] },
        },
      },
      status: {},
    };
  }

  private rsName(image: string) {
    return `${this.name}-${image.replace(/[^a-z0-9]/g, '')}`;
  }

  /**
   * a new revision of the pod template; `at` = the ReplicaSet's creation
   * (cluster clock). `statusLag`: the controller has written the revision
   * (ReplicaSet and Deployment annotations) but not yet the status, which
   * still shows the previous generation and condition.
   */
  rollTo(image: string, at: string, options: { statusLag?: boolean } = {}) {
    this.revision += 1;
    const name = this.rsName(image);
    const existing = this.cache.replicaSets.get(
      `${this.deployment.metadata.namespace}/${name}`,
    );
    const annotations: Record<string, string> = {
      'deployment.kubernetes.io/revision': String(this.revision),
    };
    if (existing) {
      annotations['deployment.kubernetes.io/revision-history'] = String(
        this.hashes.get(name),
      );
    }
    this.hashes.set(name, this.revision);
    this.cache.putReplicaSet({
      metadata: {
        name,
        namespace: this.deployment.metadata.namespace,
        uid: `rs-${name}`,
        creationTimestamp: existing?.metadata.creationTimestamp ?? at,
        labels: { app: this.name, version: image },
        annotations,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: this.name,
            uid: this.deployment.metadata.uid!,
            controller: true,
          },
        ],
      },
      spec: {
        replicas: this.options.replicas ?? 3,
        template: {
          metadata: { labels: { app: this.name, version: image } },
          spec: { containers: [{ name: 'app', image }] },
        },
      },
      status: { replicas: 0 },
    });
    const d = this.deployment;
    d.metadata.generation = (d.metadata.generation ?? 0) + 1;
    d.metadata.annotations = {
      'deployment.kubernetes.io/revision': String(this.revision),
    };
    d.spec.template.spec = { containers: [{ name: 'app', image }] };
    if (options.statusLag) {
      this.cache.putDeployment(d);
      return;
    }
    this.rolloutStatus(at);
  }

  /** the controller's status for the newest revision (after `rollTo(..., { statusLag: true })`) */
  rolloutStatus(at: string) {
    const d = this.deployment;
    d.status = {
      ...d.status,
      observedGeneration: d.metadata.generation,
      updatedReplicas: 0,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          lastUpdateTime: at,
        },
      ],
    };
    this.cache.putDeployment(d);
  }

  /** intermediate progress: how many replicas are updated and available */
  progress(updated: number, available: number, at: string) {
    const d = this.deployment;
    d.status = {
      ...d.status,
      replicas: (this.options.replicas ?? 3) + 1,
      updatedReplicas: updated,
      availableReplicas: available,
      readyReplicas: available,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          lastUpdateTime: at,
        },
      ],
    };
    this.cache.putDeployment(d);
  }

  /** spec.replicas changes (an HPA or `kubectl scale`) */
  scale(replicas: number) {
    this.options.replicas = replicas;
    this.deployment.spec.replicas = replicas;
    this.cache.putDeployment(this.deployment);
  }

  stall(at: string) {
    const d = this.deployment;
    d.status = {
      ...d.status,
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          lastUpdateTime: at,
        },
      ],
    };
    this.cache.putDeployment(d);
  }

  complete(at: string) {
    const d = this.deployment;
    const n = this.options.replicas ?? 3;
    d.status = {
      ...d.status,
      replicas: n,
      updatedReplicas: n,
      availableReplicas: n,
      readyReplicas: n,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          lastUpdateTime: at,
        },
      ],
    };
    this.cache.putDeployment(d);
  }
}
