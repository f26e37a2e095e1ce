import type { Entity } from '@backstage/catalog-model';
import {
  deploymentCost,
  deploymentPlacement,
  hpaHeadroom,
  nodeFacts,
  parseCapacityPrices,
  shareOfRequests,
  sizingVerdict,
  updateModeMeaning,
  type ContainerRecommendation,
  type ContainerSizing,
  type DeploymentCost,
  type DeploymentPlacement,
  type DeploymentSizing,
  type EntitySizingResponse,
  type PodToleration,
  type ResourceAmounts,
} from '@supply-chain/plugin-capacity-common';

export const mlEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ml-prediction-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'ml-prediction-service' },
  },
  spec: { type: 'service', owner: 'team-ml', lifecycle: 'production' },
};

const MI = 1024 * 1024;

/** A recommendation of 1 core (0.5–2) and 2Gi (1Gi–4Gi). */
export const recommendation: ContainerRecommendation = {
  target: { cpu: 1, memory: 2048 * MI },
  lowerBound: { cpu: 0.5, memory: 1024 * MI },
  upperBound: { cpu: 2, memory: 4096 * MI },
  uncappedTarget: { cpu: 1, memory: 2048 * MI },
};

/** A container whose verdicts follow from its requests, as the backend computes them. */
export function container(
  options: {
    name?: string;
    requests?: ResourceAmounts;
    limits?: ResourceAmounts;
    usage?: ResourceAmounts;
    recommendation?: ContainerRecommendation;
  } = {},
): ContainerSizing {
  const requests = options.requests ?? { cpu: 1, memory: 2048 * MI };
  const usage = options.usage;
  const rec =
    'recommendation' in options ? options.recommendation : recommendation;
  return {
    name: options.name ?? 'ml-prediction-service',
    requests,
    limits: options.limits ?? { cpu: 2, memory: 4096 * MI },
    podUsage: usage ? [{ pod: 'ml-prediction-service-abc12', usage }] : [],
    usage,
    usageShareOfRequests: usage ? shareOfRequests(usage, requests) : undefined,
    recommendation: rec,
    verdicts: {
      cpu: sizingVerdict('cpu', requests.cpu, rec),
      memory: sizingVerdict('memory', requests.memory, rec),
    },
  };
}

export function deployment(
  overrides: Partial<DeploymentSizing> = {},
): DeploymentSizing {
  return {
    cluster: 'sandbox',
    namespace: 'supply-chain',
    name: 'ml-prediction-service',
    replicas: 2,
    vpa: {
      name: 'ml-prediction-service-vpa',
      updateMode: 'Auto',
      updateModeMeaning: updateModeMeaning('Auto'),
    },
    hpa: hpaHeadroom({
      metadata: { name: 'ml-prediction-service-hpa' },
      spec: { minReplicas: 2, maxReplicas: 6 },
      status: { currentReplicas: 2 },
    }),
    containers: [container({ usage: { cpu: 0.25, memory: 1024 * MI } })],
    ...overrides,
  };
}

export function sizing(
  deployments: DeploymentSizing[] = [deployment()],
): EntitySizingResponse {
  return {
    entityRef: 'component:default/ml-prediction-service',
    clusters: [{ name: 'sandbox', status: 'ok', deployments }],
  };
}

/** The sandbox's node groups: ml-workload (tainted for ML, SPOT) and general-workload. */
export const nodes = [
  nodeFacts({
    metadata: {
      name: 'ml-node-1',
      labels: {
        'eks.amazonaws.com/nodegroup': 'ml-workload',
        'node.kubernetes.io/instance-type': 'c5.2xlarge',
        'eks.amazonaws.com/capacityType': 'SPOT',
      },
    },
    spec: { taints: [{ key: 'workload', value: 'ml', effect: 'NoSchedule' }] },
    status: { allocatable: { cpu: '8', memory: '16Gi' } },
  }),
  nodeFacts({
    metadata: {
      name: 'general-node-1',
      labels: {
        'eks.amazonaws.com/nodegroup': 'general-workload',
        'node.kubernetes.io/instance-type': 't3.large',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      },
    },
    status: { allocatable: { cpu: '2', memory: '8Gi' } },
  }),
];

export const mlToleration: PodToleration = {
  key: 'workload',
  operator: 'Equal',
  value: 'ml',
  effect: 'NoSchedule',
};

/** Two ML pods; `nodeName` per pod (default ml-node-1), tolerating the ML taint. */
export function placement(
  nodeNames: Array<string | undefined> = ['ml-node-1', 'ml-node-1'],
): DeploymentPlacement {
  return deploymentPlacement(
    nodeNames.map((nodeName, i) => ({
      name: `ml-prediction-service-pod-${i + 1}`,
      nodeName,
      tolerations: [mlToleration],
    })),
    nodes,
  );
}

/** ml-workload SPOT at 0.136 an hour unless other prices are given. */
export function cost(
  prices: unknown = [
    { nodeGroup: 'ml-workload', capacityType: 'SPOT', hourlyPrice: 0.136 },
  ],
): DeploymentCost {
  return deploymentCost(
    [1, 2].map(i => ({
      name: `ml-prediction-service-pod-${i}`,
      nodeName: 'ml-node-1',
      requests: { cpu: 1, memory: 2048 * MI },
      usage: { cpu: 0.25, memory: 1024 * MI },
    })),
    nodes,
    parseCapacityPrices(prices, 'USD'),
  );
}

export { MI };
