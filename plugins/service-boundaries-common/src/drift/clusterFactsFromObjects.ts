import {
  AuthorizationPolicyFact,
  ClusterFacts,
  MLModelFact,
  ServiceBoundariesConfigMapFact,
  WorkloadFact,
} from '../types';

/** The part of a Kubernetes object the conversion reads. */
export interface KubernetesObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string }>;
  };
  spec?: any;
  data?: Record<string, string>;
}

/** Name of the ConfigMap holding service boundaries. */
export const SERVICE_BOUNDARIES_CONFIGMAP = 'service-boundaries';

/** Workload kinds reported as workloads (pods and ReplicaSets with an owner are left out). */
const TOP_LEVEL_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
  'Job',
  'ReplicaSet',
  'Pod',
];

function podSpecOf(o: KubernetesObjectLike): any {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

function podLabelsOf(
  o: KubernetesObjectLike,
): Record<string, string> | undefined {
  if (o.kind === 'Pod') return o.metadata?.labels;
  if (o.kind === 'CronJob')
    return o.spec?.jobTemplate?.spec?.template?.metadata?.labels;
  return o.spec?.template?.metadata?.labels;
}

/**
 * Converts Kubernetes objects of one cluster (as listed from the apiserver or
 * read from manifests) into the facts drift and ownership lookups use:
 * Istio AuthorizationPolicies, the `service-boundaries` ConfigMap, top-level
 * workloads (objects owned by another object are left out) and MLModels.
 */
export function clusterFactsFromObjects(
  cluster: string,
  objects: KubernetesObjectLike[],
): ClusterFacts {
  const authorizationPolicies: AuthorizationPolicyFact[] = [];
  const serviceBoundaries: ServiceBoundariesConfigMapFact[] = [];
  const workloads: WorkloadFact[] = [];
  const mlModels: MLModelFact[] = [];
  for (const o of objects) {
    const name = o?.metadata?.name;
    const namespace = o?.metadata?.namespace ?? 'default';
    if (!o?.kind || !name) continue;
    const group = (o.apiVersion ?? '').split('/')[0];
    if (o.kind === 'AuthorizationPolicy' && group === 'security.istio.io') {
      const rules = Array.isArray(o.spec?.rules) ? o.spec.rules : [];
      authorizationPolicies.push({
        cluster,
        namespace,
        name,
        action: o.spec?.action,
        selector: o.spec?.selector?.matchLabels,
        labels: o.metadata?.labels,
        rules: rules.map((rule: any) => {
          if (!Array.isArray(rule?.from) || rule.from.length === 0) return {};
          return {
            principals: rule.from.flatMap((f: any) =>
              Array.isArray(f?.source?.principals) ? f.source.principals : [],
            ),
          };
        }),
      });
    } else if (
      o.kind === 'ConfigMap' &&
      name === SERVICE_BOUNDARIES_CONFIGMAP
    ) {
      serviceBoundaries.push({ cluster, namespace, data: o.data ?? {} });
    } else if (o.kind === 'MLModel' && group === 'ml.supplychain.io') {
      mlModels.push({
        cluster,
        namespace,
        name,
        labels: o.metadata?.labels,
        modelName: o.spec?.modelName,
        modelVersion: o.spec?.modelVersion,
      });
    } else if (TOP_LEVEL_KINDS.includes(o.kind)) {
      if ((o.metadata?.ownerReferences ?? []).length > 0) continue;
      const podSpec = podSpecOf(o);
      workloads.push({
        cluster,
        namespace,
        kind: o.kind,
        name,
        labels: o.metadata?.labels,
        podLabels: podLabelsOf(o),
        serviceAccountName:
          podSpec?.serviceAccountName ?? podSpec?.serviceAccount ?? undefined,
        images: [
          ...(podSpec?.initContainers ?? []),
          ...(podSpec?.containers ?? []),
        ]
          .map((c: any) => c?.image)
          .filter((i: unknown): i is string => typeof i === 'string'),
      });
    }
  }
  return {
    clusters: [cluster],
    authorizationPolicies,
    serviceBoundaries,
    workloads,
    mlModels,
  };
}

/** Merges the facts of several clusters. */
export function mergeClusterFacts(all: ClusterFacts[]): ClusterFacts {
  return {
    clusters: all.flatMap(f => f.clusters),
    authorizationPolicies: all.flatMap(f => f.authorizationPolicies),
    serviceBoundaries: all.flatMap(f => f.serviceBoundaries),
    workloads: all.flatMap(f => f.workloads),
    mlModels: all.flatMap(f => f.mlModels),
  };
}
