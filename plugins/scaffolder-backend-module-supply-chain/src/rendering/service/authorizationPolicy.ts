import { ServiceSpec } from '../serviceSpec';
import { KubernetesObject } from '../yamlDocuments';
import { appSelector, derivedNames, objectMeta } from './objectMeta';

/** A workload allowed to call the service, as an Istio principal's parts. */
export type ServiceCaller = {
  serviceAccount: string;
  namespace: string;
};

/** The Istio principal of a service account. */
export function principalOf(caller: ServiceCaller): string {
  return `cluster.local/ns/${caller.namespace}/sa/${caller.serviceAccount}`;
}

const sortedUnique = (values: readonly string[]) => [...new Set(values)].sort();

/** Principals of the callers (catalog-derived and extra), deduplicated and sorted. */
function callerPrincipals(
  spec: ServiceSpec,
  callers: readonly ServiceCaller[],
): string[] {
  return sortedUnique([...callers, ...spec.extraCallers].map(principalOf));
}

function adminPrincipal(spec: ServiceSpec): string | undefined {
  return spec.adminServiceAccount
    ? principalOf({
        serviceAccount: spec.adminServiceAccount,
        namespace: spec.namespace,
      })
    : undefined;
}

/** Every principal the AuthorizationPolicy allows, sorted. */
export function allowedPrincipals(
  spec: ServiceSpec,
  callers: readonly ServiceCaller[],
): string[] {
  const admin = adminPrincipal(spec);
  return sortedUnique([
    ...callerPrincipals(spec, callers),
    ...(admin ? [admin] : []),
  ]);
}

/**
 * Allows the callers their methods, the admin account every method, and
 * anyone the probe and metrics paths.
 */
export function renderAuthorizationPolicy(
  spec: ServiceSpec,
  callers: readonly ServiceCaller[],
): KubernetesObject {
  const principals = callerPrincipals(spec, callers);
  const admin = adminPrincipal(spec);
  const rules: Record<string, unknown>[] = [];
  if (principals.length > 0) {
    rules.push({
      from: [{ source: { principals } }],
      to: [{ operation: { methods: sortedUnique(spec.callerMethods) } }],
    });
  }
  if (admin) {
    rules.push({
      from: [{ source: { principals: [admin] } }],
      to: [{ operation: { methods: ['*'] } }],
    });
  }
  // probes and Prometheus scrapes come from outside the mesh identities
  rules.push({
    to: [
      {
        operation: {
          methods: ['GET'],
          paths: ['/health', '/metrics', '/ready'],
        },
      },
    ],
  });
  return {
    apiVersion: 'security.istio.io/v1beta1',
    kind: 'AuthorizationPolicy',
    metadata: objectMeta(spec, derivedNames(spec.name).authorizationPolicy),
    spec: {
      selector: { matchLabels: appSelector(spec.name) },
      action: 'ALLOW',
      rules,
    },
  };
}
