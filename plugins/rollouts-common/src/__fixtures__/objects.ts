import {
  ContainerStatus,
  DeploymentObject,
  HorizontalPodAutoscalerObject,
  PodObject,
  ReplicaSetObject,
} from '../kubernetesObjects';

export const DEPLOYMENT_UID = 'dep-uid-1';

/** inventory-service as in the seed: 3 replicas, RollingUpdate maxSurge 1 / maxUnavailable 0. */
export function deployment(
  overrides: {
    generation?: number;
    revision?: number;
    replicas?: number;
    paused?: boolean;
    status?: DeploymentObject['status'];
    strategy?: DeploymentObject['spec']['strategy'];
  } = {},
): DeploymentObject {
  return {
    metadata: {
      name: 'inventory-service',
      namespace: 'supply-chain',
      uid: DEPLOYMENT_UID,
      generation: overrides.generation ?? 2,
      annotations: {
        'deployment.kubernetes.io/revision': String(overrides.revision ?? 2),
      },
      labels: {
        app: 'inventory-service',
        'backstage.io/kubernetes-id': 'inventory-service',
      },
      creationTimestamp: '2024-05-01T10:00:00Z',
    },
    spec: {
      replicas: overrides.replicas ?? 3,
      paused: overrides.paused,
      selector: { matchLabels: { app: 'inventory-service' } },
      strategy: overrides.strategy ?? {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: { labels: { app: 'inventory-service', version: 'v1.3.0' } },
        spec: {
          containers: [
            {
              name: 'inventory-service',
              image: 'registry/inventory-service:v1.3.0',
            },
          ],
        },
      },
    },
    status: overrides.status ?? {
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    },
  };
}

export function replicaSet(
  revision: number,
  version: string,
  replicas: number,
  readyReplicas = replicas,
): ReplicaSetObject {
  return {
    metadata: {
      name: `inventory-service-hash${revision}`,
      namespace: 'supply-chain',
      uid: `rs-uid-${revision}`,
      creationTimestamp: `2024-05-0${revision}T10:00:00Z`,
      labels: {
        app: 'inventory-service',
        version,
        'pod-template-hash': `hash${revision}`,
      },
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [
        {
          kind: 'Deployment',
          name: 'inventory-service',
          uid: DEPLOYMENT_UID,
          controller: true,
        },
      ],
    },
    spec: {
      replicas,
      selector: {
        matchLabels: {
          app: 'inventory-service',
          'pod-template-hash': `hash${revision}`,
        },
      },
      template: {
        metadata: {
          labels: {
            app: 'inventory-service',
            version,
            'pod-template-hash': `hash${revision}`,
          },
        },
        spec: {
          containers: [
            {
              name: 'inventory-service',
              image: `registry/inventory-service:${version}`,
            },
          ],
        },
      },
    },
    status: { replicas, readyReplicas, availableReplicas: readyReplicas },
  };
}

export function container(
  overrides: Partial<ContainerStatus> = {},
): ContainerStatus {
  return {
    name: 'inventory-service',
    ready: true,
    restartCount: 0,
    image: 'registry/inventory-service:v1.3.0',
    state: { running: { startedAt: '2024-05-02T10:00:00Z' } },
    ...overrides,
  };
}

export function pod(
  name: string,
  revision: number,
  overrides: {
    phase?: string;
    ready?: boolean;
    containers?: ContainerStatus[];
    conditions?: NonNullable<PodObject['status']>['conditions'];
    deletionTimestamp?: string;
    reason?: string;
  } = {},
): PodObject {
  const ready = overrides.ready ?? true;
  return {
    metadata: {
      name,
      namespace: 'supply-chain',
      labels: {
        app: 'inventory-service',
        'pod-template-hash': `hash${revision}`,
      },
      ownerReferences: [
        {
          kind: 'ReplicaSet',
          name: `inventory-service-hash${revision}`,
          uid: `rs-uid-${revision}`,
          controller: true,
        },
      ],
      creationTimestamp: '2024-05-02T10:00:00Z',
      deletionTimestamp: overrides.deletionTimestamp,
    },
    spec: { nodeName: 'kwok-node-0' },
    status: {
      phase: overrides.phase ?? 'Running',
      reason: overrides.reason,
      conditions: overrides.conditions ?? [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: ready ? 'True' : 'False' },
      ],
      containerStatuses: overrides.containers ?? [container({ ready })],
    },
  };
}

export function hpa(
  overrides: Partial<HorizontalPodAutoscalerObject['status']> & {
    min?: number;
    max?: number;
    target?: string;
  } = {},
): HorizontalPodAutoscalerObject {
  const { min, max, target, ...status } = overrides;
  return {
    metadata: { name: 'inventory-service-hpa', namespace: 'supply-chain' },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: target ?? 'inventory-service',
      },
      minReplicas: min ?? 2,
      maxReplicas: max ?? 20,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
        {
          type: 'Resource',
          resource: {
            name: 'memory',
            target: { type: 'Utilization', averageUtilization: 80 },
          },
        },
        {
          type: 'Pods',
          pods: {
            metric: { name: 'http_requests_per_second' },
            target: { type: 'AverageValue', averageValue: '100' },
          },
        },
      ],
    },
    status: { currentReplicas: 3, desiredReplicas: 3, ...status },
  };
}
