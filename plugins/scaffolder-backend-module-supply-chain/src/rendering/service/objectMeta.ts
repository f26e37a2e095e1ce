import { ServiceSpec } from '../serviceSpec';

/** Names of derived objects, in one place so code, tests and docs agree. */
export function derivedNames(name: string) {
  return {
    serviceAccount: `${name}-sa`,
    hpa: `${name}-hpa`,
    vpa: `${name}-vpa`,
    pdb: `${name}-pdb`,
    authorizationPolicy: `${name}-authz`,
    databaseSecret: `${name}-database-credentials`,
  };
}

/** The Service's HTTP port, whatever port the container listens on. */
export const SERVICE_HTTP_PORT = 80;

/** The label every selector of the service matches. */
export function appSelector(name: string) {
  return { app: name };
}

/** Labels of the pods (the Deployment's own labels too). */
export function podLabels(spec: ServiceSpec) {
  return {
    app: spec.name,
    version: spec.version,
    'backstage.io/kubernetes-id': spec.name,
  };
}

/**
 * Metadata of an object of the service in its namespace. A new object per
 * call: a shared one would be written as a YAML alias.
 */
export function objectMeta(spec: ServiceSpec, objectName: string) {
  return {
    name: objectName,
    namespace: spec.namespace,
    labels: { app: spec.name, 'backstage.io/kubernetes-id': spec.name },
  };
}
