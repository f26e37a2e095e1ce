import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterRollouts,
  DeploymentRollout,
  EntityRolloutsResponse,
  MLModelStatus,
  MLModelsResponse,
  RolloutPhase,
} from '@supply-chain/plugin-rollouts-common';

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

export const inventoryEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'inventory-service',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'inventory-service',
      'backstage.io/kubernetes-namespace': 'supply-chain',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/inventory-team',
    system: 'system:default/inventory-management',
  },
};

export const mlEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ml-prediction-service',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'ml-prediction-service',
      'backstage.io/kubernetes-namespace': 'supply-chain',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/ml-team',
    system: 'system:default/ml-platform',
  },
};

export const unannotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'notification-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/x' },
};

/** A Deployment mid-rollout from revision 3 (v1.2.3) to revision 4 (v1.3.0). */
export function deployment(
  overrides: Partial<DeploymentRollout> = {},
): DeploymentRollout {
  return {
    cluster: 'sandbox',
    namespace: 'supply-chain',
    name: 'inventory-service',
    desiredReplicas: 3,
    updatedReplicas: 1,
    readyReplicas: 2,
    availableReplicas: 2,
    unavailableReplicas: 1,
    totalReplicas: 4,
    generation: 4,
    observedGeneration: 4,
    strategy: { type: 'RollingUpdate', maxSurge: '1', maxUnavailable: '0' },
    paused: false,
    phase: 'progressing',
    phaseMessage:
      'Waiting for deployment "inventory-service" rollout to finish: 1 out of 3 new replicas have been updated...',
    revision: 4,
    revisions: [
      {
        revision: 4,
        replicaSet: 'inventory-service-7d9f',
        images: ['your-registry/inventory-service:v1.3.0'],
        version: 'v1.3.0',
        createdAt: minutesAgo(2),
        replicas: 1,
        readyReplicas: 0,
        current: true,
        previous: false,
      },
      {
        revision: 3,
        replicaSet: 'inventory-service-5c4b',
        images: ['your-registry/inventory-service:v1.2.3'],
        version: 'v1.2.3',
        createdAt: minutesAgo(60 * 24 * 3),
        replicas: 3,
        readyReplicas: 2,
        current: false,
        previous: true,
      },
    ],
    podsByRevision: [
      {
        revision: 4,
        pods: [
          {
            name: 'inventory-service-7d9f-abcde',
            phase: 'Running',
            ready: false,
            restarts: 5,
            reason: 'CrashLoopBackOff',
            message:
              'container inventory-service is restarting after crashing (CrashLoopBackOff), 5 restarts',
            createdAt: minutesAgo(2),
          },
        ],
      },
      {
        revision: 3,
        pods: [
          {
            name: 'inventory-service-5c4b-aaaaa',
            phase: 'Running',
            ready: true,
            restarts: 0,
            createdAt: minutesAgo(600),
          },
          {
            name: 'inventory-service-5c4b-bbbbb',
            phase: 'Pending',
            ready: false,
            restarts: 0,
            reason: 'ImagePullBackOff',
            createdAt: minutesAgo(600),
          },
        ],
      },
    ],
    hpa: {
      name: 'inventory-service-hpa',
      min: 2,
      max: 20,
      current: 3,
      desired: 20,
      capped: true,
      cappedReason:
        'desired replicas clamped to maxReplicas 20: cpu 180% above target 70%',
      metrics: [
        {
          name: 'cpu',
          type: 'Resource',
          current: '180%',
          target: '70%',
          aboveTarget: true,
        },
        {
          name: 'http_requests_per_second',
          type: 'Pods',
          current: '40',
          target: '100',
          aboveTarget: false,
        },
      ],
      problems: [],
    },
    trafficSplit: [
      {
        subset: 'v2',
        version: 'v1.3.0',
        weight: 100,
        condition: 'headers version=v2',
        revisions: [4],
      },
      { subset: 'v1', version: 'v1.2.3', weight: 90, revisions: [3] },
      { subset: 'v2', version: 'v1.3.0', weight: 10, revisions: [4] },
    ],
    virtualService: 'inventory-service',
    labels: { app: 'inventory-service' },
    ...overrides,
  };
}

export const phaseMessages: Record<RolloutPhase, string> = {
  complete: 'deployment "inventory-service" successfully rolled out',
  progressing:
    'Waiting for deployment "inventory-service" rollout to finish: 1 out of 3 new replicas have been updated...',
  paused: 'deployment "inventory-service" is paused',
  stalled: 'deployment "inventory-service" exceeded its progress deadline',
  failing:
    'deployment "inventory-service" is failing: new pods are in CrashLoopBackOff',
};

export function cluster(
  overrides: Partial<ClusterRollouts> = {},
): ClusterRollouts {
  return {
    name: 'sandbox',
    status: 'synced',
    lastSyncTime: minutesAgo(0),
    since: minutesAgo(60),
    deployments: [deployment()],
    ...overrides,
  };
}

export function entityRollouts(
  clusters: ClusterRollouts[] = [cluster()],
  entityRef = 'component:default/inventory-service',
): EntityRolloutsResponse {
  return {
    entityRef,
    channel: `rollouts:entity:${entityRef}`,
    clusters,
  };
}

export function mlModel(overrides: Partial<MLModelStatus> = {}): MLModelStatus {
  return {
    cluster: 'sandbox',
    namespace: 'supply-chain',
    name: 'demand-forecasting-v2',
    spec: {
      modelName: 'demand-forecasting',
      modelVersion: 'v2.1.0',
      framework: 'tensorflow',
      resourceRequirements: { memory: '2Gi', cpu: '1000m', gpu: '1' },
      replicas: 3,
    },
    status: {
      deploymentStatus: 'ready',
      endpoint: 'http://demand-forecasting-v2.supply-chain.svc:8080/predict',
      lastUpdated: minutesAgo(5),
    },
    valid: true,
    problems: [],
    stale: false,
    labels: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
    ...overrides,
  };
}

export function mlModels(
  models: MLModelStatus[],
  clusters: MLModelsResponse['clusters'] = [
    { name: 'sandbox', status: 'synced', since: minutesAgo(60) },
  ],
): MLModelsResponse {
  return { clusters, models };
}
