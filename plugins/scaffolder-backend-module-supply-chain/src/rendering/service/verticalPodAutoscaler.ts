import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { derivedNames, objectMeta } from './objectMeta';

/** Only the bounds that were given: an absent bound leaves the VPA unbounded there. */
function givenBounds(bounds: { cpu?: string; memory?: string }) {
  const given = Object.fromEntries(
    Object.entries(bounds).filter(([, value]) => value !== undefined),
  );
  return Object.keys(given).length > 0 ? given : undefined;
}

/**
 * Sizes the service's container: an `autoscaling.k8s.io/v1`
 * VerticalPodAutoscaler of the Deployment, shaped like the seed's
 * ml-prediction-service-vpa (cpu and memory, the bounds of the form).
 */
export function renderVerticalPodAutoscaler(
  spec: ServiceSpec,
): KubernetesObject {
  const minAllowed = givenBounds(spec.vpa.minAllowed);
  const maxAllowed = givenBounds(spec.vpa.maxAllowed);
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: objectMeta(spec, derivedNames(spec.name).vpa),
    spec: {
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: spec.name,
      },
      updatePolicy: { updateMode: spec.vpa.updateMode },
      resourcePolicy: {
        containerPolicies: [
          {
            containerName: spec.name,
            ...(minAllowed ? { minAllowed } : {}),
            ...(maxAllowed ? { maxAllowed } : {}),
            controlledResources: ['cpu', 'memory'],
          },
        ],
      },
    },
  };
}
