import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { derivedNames, objectMeta } from './objectMeta';

/** The pods' own identity (the mesh principal callers are allowed by). */
export function renderServiceAccount(spec: ServiceSpec): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(spec, derivedNames(spec.name).serviceAccount),
    automountServiceAccountToken: false,
  };
}
