import type {
  ClusterCacheChange,
  ObjectFilter,
  RolloutsClusterCacheService,
  RolloutsClusterClientService,
} from '@supply-chain/plugin-rollouts-node';
import {
  ClusterHealth,
  DeploymentObject,
  HorizontalPodAutoscalerObject,
  MLModelObject,
  PodObject,
  ReplicaSetObject,
  selectorMatches,
  WatchedKind,
} from '@supply-chain/plugin-rollouts-common';

export const DEP_UID = 'uid-inventory';

export function inventoryDeployment(): DeploymentObject {
  return {
    metadata: {
      name: 'inventory-service',
      namespace: 'supply-chain',
      uid: DEP_UID,
      generation: 2,
      labels: {
        app: 'inventory-service',
        'backstage.io/kubernetes-id': 'inventory-service',
      },
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'inventory-service' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: { labels: { app: 'inventory-service', version: 'v1.3.0' } },
        spec: {
          containers: [
            {
              name: 'inventory-service',
              image: 'your-registry/inventory-service:v1.3.0',
            },
          ],
        },
      },
    },
    status: {
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    },
  };
}

export function orderDeployment(): DeploymentObject {
  const d = inventoryDeployment();
  return {
    ...d,
    metadata: {
      ...d.metadata,
      name: 'order-service',
      uid: 'uid-order',
      labels: {
        app: 'order-service',
        'backstage.io/kubernetes-id': 'order-service',
      },
    },
  };
}

export function inventoryReplicaSet(
  revision: number,
  version: string,
  replicas: number,
): ReplicaSetObject {
  return {
    metadata: {
      name: `inventory-service-h${revision}`,
      namespace: 'supply-chain',
      uid: `rs-${revision}`,
      labels: {
        app: 'inventory-service',
        version,
        'pod-template-hash': `h${revision}`,
      },
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [
        {
          kind: 'Deployment',
          name: 'inventory-service',
          uid: DEP_UID,
          controller: true,
        },
      ],
    },
    spec: {
      replicas,
      template: {
        metadata: {
          labels: {
            app: 'inventory-service',
            version,
            'pod-template-hash': `h${revision}`,
          },
        },
        spec: {
          containers: [
            {
              name: 'inventory-service',
              image: `your-registry/inventory-service:${version}`,
            },
          ],
        },
      },
    },
    status: { replicas, readyReplicas: replicas },
  };
}

export function inventoryPod(name: string, revision: number): PodObject {
  return {
    metadata: {
      name,
      namespace: 'supply-chain',
      labels: { app: 'inventory-service', 'pod-template-hash': `h${revision}` },
      ownerReferences: [
        {
          kind: 'ReplicaSet',
          name: `inventory-service-h${revision}`,
          uid: `rs-${revision}`,
          controller: true,
        },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'inventory-service',
          ready: true,
          restartCount: 0,
          state: { running: {} },
        },
      ],
    },
  };
}

export function inventoryHpa(): HorizontalPodAutoscalerObject {
  return {
    metadata: { name: 'inventory-service-hpa', namespace: 'supply-chain' },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'inventory-service',
      },
      minReplicas: 2,
      maxReplicas: 20,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
    status: { currentReplicas: 3, desiredReplicas: 3 },
  };
}

export function mlModel(
  name: string,
  spec: Record<string, unknown>,
  status?: Record<string, unknown>,
): MLModelObject {
  return {
    apiVersion: 'ml.supplychain.io/v1',
    kind: 'MLModel',
    metadata: {
      name,
      namespace: 'supply-chain',
      creationTimestamp: new Date().toISOString(),
      labels: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
    },
    spec,
    status,
  };
}

interface FakeCluster {
  health: ClusterHealth;
  objects: Partial<Record<WatchedKind, any[]>>;
}

/** An in-memory stand-in for the shared watch cache and the cluster client. */
export class FakeClusters
  implements RolloutsClusterCacheService, RolloutsClusterClientService
{
  readonly clusters = new Map<string, FakeCluster>();
  readonly requests: Array<{
    cluster: string;
    method: string;
    path: string;
    body?: any;
    contentType?: string;
  }> = [];
  /** answers for GET requests by path */
  readonly responses = new Map<string, any>();
  private readonly listeners = new Set<(c: ClusterCacheChange) => void>();

  addCluster(
    name: string,
    health: Partial<ClusterHealth>,
    objects: FakeCluster['objects'] = {},
  ) {
    this.clusters.set(name, {
      health: {
        name,
        status: 'synced',
        since: '2024-06-01T10:00:00.000Z',
        ...health,
      },
      objects,
    });
  }

  emit(change: ClusterCacheChange) {
    for (const l of this.listeners) l(change);
  }

  private list(
    cluster: string,
    kind: WatchedKind,
    filter?: ObjectFilter,
  ): any[] {
    return (this.clusters.get(cluster)?.objects[kind] ?? []).filter(
      o =>
        (!filter?.namespace || o.metadata.namespace === filter.namespace) &&
        (!filter?.labelSelector ||
          selectorMatches(filter.labelSelector, o.metadata.labels)),
    );
  }

  listClusters() {
    return [...this.clusters.values()].map(c => c.health);
  }
  getClusterHealth(cluster: string) {
    return this.clusters.get(cluster)?.health;
  }
  listDeployments(cluster: string, filter?: ObjectFilter) {
    return this.list(cluster, 'Deployment', filter);
  }
  getDeployment(cluster: string, namespace: string, name: string) {
    return this.listDeployments(cluster, { namespace }).find(
      d => d.metadata.name === name,
    );
  }
  listReplicaSets(cluster: string, filter?: ObjectFilter) {
    return this.list(cluster, 'ReplicaSet', filter);
  }
  listPods(cluster: string, filter?: ObjectFilter) {
    return this.list(cluster, 'Pod', filter);
  }
  listHorizontalPodAutoscalers(cluster: string, filter?: ObjectFilter) {
    return this.list(cluster, 'HorizontalPodAutoscaler', filter);
  }
  listMLModels(cluster: string, filter?: ObjectFilter) {
    return this.list(cluster, 'MLModel', filter);
  }
  listVirtualServices(cluster: string, filter?: ObjectFilter) {
    return this.list(cluster, 'VirtualService', filter);
  }
  listDestinationRules(cluster: string, filter?: ObjectFilter) {
    return this.list(cluster, 'DestinationRule', filter);
  }
  listAuthorizationPolicies(cluster: string, filter?: ObjectFilter) {
    return this.list(cluster, 'AuthorizationPolicy', filter);
  }
  listConfigMaps(cluster: string, name: string) {
    return this.list(cluster, 'ConfigMap').filter(
      c => c.metadata.name === name,
    );
  }
  isWatching(cluster: string, kind: WatchedKind) {
    return !!this.clusters.get(cluster)?.objects[kind];
  }
  subscribe(listener: (c: ClusterCacheChange) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async waitForSync() {}

  clusterNames() {
    return [...this.clusters.keys()];
  }
  async request(
    cluster: string,
    method: any,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<any> {
    this.requests.push({ cluster, method, path, body, contentType });
    if (method === 'GET') {
      if (this.responses.has(path)) return this.responses.get(path);
      const err = new Error(
        `GET ${path} on cluster ${cluster} failed with 404`,
      ) as Error & { statusCode: number };
      err.statusCode = 404;
      throw err;
    }
    return {};
  }
  writes() {
    return this.requests.filter(r => r.method !== 'GET');
  }
}
