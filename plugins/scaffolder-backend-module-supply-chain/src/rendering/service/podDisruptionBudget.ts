import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { appSelector, derivedNames, objectMeta } from './objectMeta';

/** At most one pod down at a time during voluntary disruptions. */
export function renderPodDisruptionBudget(spec: ServiceSpec): KubernetesObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(spec, derivedNames(spec.name).pdb),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: appSelector(spec.name) },
    },
  };
}
