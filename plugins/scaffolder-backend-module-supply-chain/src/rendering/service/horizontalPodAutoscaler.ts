import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { derivedNames, objectMeta } from './objectMeta';

/** The seed's HPA behavior: fast scale-up, slow and gentle scale-down. */
export const HPA_BEHAVIOR = {
  scaleUp: {
    stabilizationWindowSeconds: 60,
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 4, periodSeconds: 15 },
    ],
    selectPolicy: 'Max',
  },
  scaleDown: {
    stabilizationWindowSeconds: 300,
    policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
    selectPolicy: 'Min',
  },
} as const;

/** Scales the Deployment on CPU and memory, and on requests per second when set. */
export function renderHorizontalPodAutoscaler(
  spec: ServiceSpec,
): KubernetesObject {
  const metrics: Record<string, unknown>[] = [
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
  ];
  if (spec.requestsPerSecondTarget !== undefined) {
    metrics.push({
      type: 'Pods',
      pods: {
        metric: { name: 'http_requests_per_second' },
        target: {
          type: 'AverageValue',
          averageValue: String(spec.requestsPerSecondTarget),
        },
      },
    });
  }
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: objectMeta(spec, derivedNames(spec.name).hpa),
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: spec.name,
      },
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics,
      behavior: structuredClone(HPA_BEHAVIOR),
    },
  };
}
