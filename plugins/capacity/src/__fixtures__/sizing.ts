import type { Entity } from '@backstage/catalog-model';
import {
  hpaHeadroom,
  shareOfRequests,
  sizingVerdict,
  updateModeMeaning,
  type ContainerRecommendation,
  type ContainerSizing,
  type DeploymentSizing,
  type EntitySizingResponse,
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

export { MI };
