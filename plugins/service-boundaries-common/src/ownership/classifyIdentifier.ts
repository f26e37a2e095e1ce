import { parseIstioPrincipal } from '../drift/istioPrincipal';
import { ParsedIdentifier } from '../types';

/** Catalog kinds an entity ref may start with. */
export const CATALOG_KINDS = [
  'component',
  'api',
  'resource',
  'system',
  'domain',
  'group',
  'user',
  'location',
  'template',
];

/** Kubernetes kinds accepted in `cluster/namespace/kind/name` and `kind/name`. */
export const WORKLOAD_KINDS: Record<string, string> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  ds: 'DaemonSet',
  replicaset: 'ReplicaSet',
  replicasets: 'ReplicaSet',
  rs: 'ReplicaSet',
  job: 'Job',
  jobs: 'Job',
  cronjob: 'CronJob',
  cronjobs: 'CronJob',
  pod: 'Pod',
  pods: 'Pod',
  service: 'Service',
  svc: 'Service',
  mlmodel: 'MLModel',
  mlmodels: 'MLModel',
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function parseImage(value: string): ParsedIdentifier | undefined {
  // registry/repo[:tag][@digest]; a registry has a dot, a colon or is localhost
  const m =
    /^([^\s@]+?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(
      value,
    );
  if (!m) return undefined;
  const [, path, tag, digest] = m;
  const segments = path.split('/');
  if (segments.some(s => !s)) return undefined;
  let registry: string | undefined;
  if (
    segments.length > 1 &&
    (segments[0].includes('.') ||
      segments[0].includes(':') ||
      segments[0] === 'localhost')
  ) {
    registry = segments.shift();
  }
  const repository = segments.join('/');
  if (!segments.every(s => /^[a-z0-9][a-z0-9._-]*$/i.test(s))) {
    return undefined;
  }
  return {
    kind: 'image',
    image: value,
    registry,
    repository,
    shortName: segments[segments.length - 1],
    tag,
    digest,
  };
}

/**
 * Reads an identifier of "who owns …?" and returns every interpretation,
 * most specific first:
 *
 * | input | read as |
 * |---|---|
 * | `component:default/inventory-service`, `group:inventory-team` | entity ref |
 * | `cluster.local/ns/supply-chain/sa/order-service-sa` (optionally `spiffe://`) | Istio principal |
 * | `sandbox/supply-chain/deployment/inventory-service` | workload `cluster/namespace/kind/name` |
 * | `supply-chain/deployment/inventory-service`, `deployment/inventory-service` | workload without cluster (and namespace) |
 * | `sandbox/supply-chain/mlmodel/demand-forecasting-v2`, `mlmodel:demand-forecasting-v2`, `mlmodel:supply-chain/demand-forecasting-v2` | MLModel |
 * | `argocd:inventory-service`, `argocd:<instance>/<app>` | Argo CD application |
 * | `namespace:supply-chain`, `namespace:sandbox/supply-chain`, `ns:supply-chain` | namespace |
 * | `your-registry/inventory-service:v1.2.3`, `ghcr.io/org/app@sha256:…` | container image |
 * | `default/inventory-service` | entity ref without kind |
 * | `inventory-service` | a bare name: entity name, Argo CD app, namespace, MLModel, workload name |
 *
 * Returns an empty list for empty or malformed input.
 */
export function classifyIdentifier(input: string): ParsedIdentifier[] {
  const value = input.trim();
  if (!value || /\s/.test(value)) return [];

  const principal = parseIstioPrincipal(value);
  if (principal) {
    return [{ kind: 'istio-principal', principal: value, ...principal }];
  }

  const prefixed = /^([A-Za-z][A-Za-z0-9-]*):(.+)$/.exec(value);
  if (prefixed) {
    const prefix = prefixed[1].toLocaleLowerCase('en-US');
    const rest = prefixed[2];
    const parts = rest.split('/');
    if (prefix === 'argocd') {
      if (parts.length === 1 && NAME.test(parts[0])) {
        return [{ kind: 'argocd-app', name: parts[0] }];
      }
      if (parts.length === 2 && parts.every(p => NAME.test(p))) {
        return [{ kind: 'argocd-app', instance: parts[0], name: parts[1] }];
      }
      return [];
    }
    if (prefix === 'mlmodel') {
      if (parts.length === 1 && NAME.test(parts[0])) {
        return [{ kind: 'mlmodel', name: parts[0] }];
      }
      if (parts.length === 2 && parts.every(p => NAME.test(p))) {
        return [{ kind: 'mlmodel', namespace: parts[0], name: parts[1] }];
      }
      return [];
    }
    if (prefix === 'namespace' || prefix === 'ns') {
      if (parts.length === 1 && NAME.test(parts[0])) {
        return [{ kind: 'namespace', namespace: parts[0] }];
      }
      if (parts.length === 2 && parts.every(p => NAME.test(p))) {
        return [{ kind: 'namespace', cluster: parts[0], namespace: parts[1] }];
      }
      return [];
    }
    if (CATALOG_KINDS.includes(prefix)) {
      if (parts.length === 1 && NAME.test(parts[0])) {
        return [{ kind: 'entity-ref', entityKind: prefix, name: parts[0] }];
      }
      if (parts.length === 2 && parts.every(p => NAME.test(p))) {
        return [
          {
            kind: 'entity-ref',
            entityKind: prefix,
            namespace: parts[0],
            name: parts[1],
          },
        ];
      }
      return [];
    }
  }

  const segments = value.split('/');
  const workloadKindAt = (i: number) =>
    WORKLOAD_KINDS[segments[i]?.toLocaleLowerCase('en-US')];
  if (segments.every(s => NAME.test(s))) {
    if (segments.length === 4 && workloadKindAt(2)) {
      const [cluster, namespace, , name] = segments;
      return workloadKindAt(2) === 'MLModel'
        ? [{ kind: 'mlmodel', cluster, namespace, name }]
        : [
            {
              kind: 'workload',
              cluster,
              namespace,
              workloadKind: workloadKindAt(2),
              name,
            },
          ];
    }
    if (segments.length === 3 && workloadKindAt(1)) {
      const [namespace, , name] = segments;
      return workloadKindAt(1) === 'MLModel'
        ? [{ kind: 'mlmodel', namespace, name }]
        : [
            {
              kind: 'workload',
              namespace,
              workloadKind: workloadKindAt(1),
              name,
            },
          ];
    }
    if (segments.length === 2 && workloadKindAt(0)) {
      const [, name] = segments;
      return workloadKindAt(0) === 'MLModel'
        ? [{ kind: 'mlmodel', name }]
        : [{ kind: 'workload', workloadKind: workloadKindAt(0), name }];
    }
  }

  const looksLikeImage =
    value.includes(':') ||
    value.includes('@') ||
    (segments.length > 1 && /[.:]|^localhost$/.test(segments[0]));
  if (looksLikeImage) {
    const image = parseImage(value);
    return image ? [image] : [];
  }

  if (segments.length === 2 && segments.every(s => NAME.test(s))) {
    // namespace/name: an entity ref without kind, or an image repository
    const image = parseImage(value);
    return [
      { kind: 'entity-ref', namespace: segments[0], name: segments[1] },
      ...(image ? [image] : []),
    ];
  }
  if (segments.length > 2) {
    const image = parseImage(value);
    return image ? [image] : [];
  }

  if (NAME.test(value)) {
    return [
      { kind: 'entity-name', name: value },
      { kind: 'argocd-app', name: value },
      { kind: 'workload', workloadKind: '*', name: value },
      { kind: 'mlmodel', name: value },
      { kind: 'namespace', namespace: value },
    ];
  }
  return [];
}
