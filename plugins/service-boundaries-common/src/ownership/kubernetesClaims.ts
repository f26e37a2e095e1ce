import { Entity } from '@backstage/catalog-model';
import {
  LabelSelector,
  parseLabelSelector,
  selectorMatches,
} from '@supply-chain/plugin-rollouts-common';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_SERVICE_ACCOUNT,
  LABEL_KUBERNETES_ID,
} from '../annotations';
import { CatalogIndex } from '../catalogIndex';
import { MatchedBy, WorkloadFact } from '../types';

/** How a component's Kubernetes annotations place it. */
export interface KubernetesPlacement {
  /** `backstage.io/kubernetes-id` */
  id?: string;
  namespace?: string;
  cluster?: string;
  labelSelector?: LabelSelector;
}

/**
 * The `backstage.io/kubernetes-label-selector` annotation in the grammar of
 * `kubectl -l` (rollouts-common's parser, the one the Rollouts tab and the
 * write checks use, so a claim the owner lookup shows is the claim a write
 * sees); undefined when absent, empty or invalid (an invalid one claims nothing).
 */
function placementSelector(
  value: string | undefined,
): LabelSelector | undefined {
  const selector = value?.trim() ? parseLabelSelector(value) : undefined;
  const empty =
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 &&
      (selector.matchExpressions ?? []).length === 0);
  return empty ? undefined : selector;
}

export function kubernetesPlacement(entity: Entity): KubernetesPlacement {
  const a = entity.metadata.annotations ?? {};
  return {
    id: a[ANNOTATION_KUBERNETES_ID]?.trim() || undefined,
    namespace: a[ANNOTATION_KUBERNETES_NAMESPACE]?.trim() || undefined,
    cluster: a[ANNOTATION_KUBERNETES_CLUSTER]?.trim() || undefined,
    labelSelector: placementSelector(a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]),
  };
}

/** Whether the component's annotations say it runs on Kubernetes. */
export function isOnKubernetes(entity: Entity): boolean {
  const p = kubernetesPlacement(entity);
  return !!(p.id || p.labelSelector);
}

function placementAllows(
  p: KubernetesPlacement,
  cluster: string | undefined,
  namespace: string | undefined,
) {
  if (p.cluster && cluster && p.cluster !== cluster) return false;
  if (p.namespace && namespace && p.namespace !== namespace) return false;
  return true;
}

/** A component claiming a cluster object, and how. */
export interface Claim {
  entity: Entity;
  matchedBy: MatchedBy;
  explanation: string;
}

/**
 * Components and Resources claiming a workload: the `backstage.io/kubernetes-id` label on
 * the workload or its pod template, the component's label selector, or (as
 * the official Kubernetes plugin's convention) a kubernetes-id equal to the
 * workload's name, each within the component's namespace/cluster annotations.
 */
export function entitiesClaimingWorkload(
  workload: Pick<WorkloadFact, 'cluster' | 'namespace' | 'name'> &
    Partial<Pick<WorkloadFact, 'labels' | 'podLabels' | 'kind'>>,
  index: CatalogIndex,
): Claim[] {
  const claims: Claim[] = [];
  const label =
    workload.labels?.[LABEL_KUBERNETES_ID] ??
    workload.podLabels?.[LABEL_KUBERNETES_ID];
  // Components and Resources (an MLModel's serving Deployment, say) both
  // claim workloads with the Kubernetes annotations
  for (const entity of [
    ...index.ofKind('Component'),
    ...index.ofKind('Resource'),
  ]) {
    const p = kubernetesPlacement(entity);
    if (!placementAllows(p, workload.cluster, workload.namespace)) continue;
    const where = `${workload.namespace}/${workload.kind ?? 'workload'}/${
      workload.name
    }`;
    if (p.id && label === p.id) {
      claims.push({
        entity,
        matchedBy: 'workload-label',
        explanation: `${where} carries the label ${LABEL_KUBERNETES_ID}=${label}, the kubernetes-id of ${entity.metadata.name}`,
      });
    } else if (
      p.labelSelector &&
      // never empty here (placementSelector): an empty selector claims nothing
      (selectorMatches(p.labelSelector, workload.labels) ||
        selectorMatches(p.labelSelector, workload.podLabels))
    ) {
      claims.push({
        entity,
        matchedBy: 'kubernetes-label-selector',
        explanation: `${where} matches the label selector of ${entity.metadata.name}`,
      });
    } else if (p.id && p.id === workload.name) {
      claims.push({
        entity,
        matchedBy: 'kubernetes-id-annotation',
        explanation: `${where} is named like the kubernetes-id annotation of ${entity.metadata.name}`,
      });
    }
  }
  return claims;
}

/** A service account a component runs as. */
export interface ComponentServiceAccount {
  /** undefined: any namespace (the component names none) */
  namespace?: string;
  serviceAccount: string;
  matchedBy: MatchedBy;
}

/**
 * Service accounts a component runs as: the `supplychain.io/service-account`
 * annotation (`sa` or `ns/sa`, comma separated), the service accounts of
 * workloads it claims, and else the convention `<kubernetes-id or name>-sa`
 * in its `backstage.io/kubernetes-namespace`.
 */
export function serviceAccountsOf(
  entity: Entity,
  index: CatalogIndex,
  workloads: WorkloadFact[] = [],
): ComponentServiceAccount[] {
  const p = kubernetesPlacement(entity);
  const annotation = entity.metadata.annotations?.[ANNOTATION_SERVICE_ACCOUNT];
  if (annotation?.trim()) {
    return annotation
      .split(',')
      .map(s => s.trim())
      .filter(Boolean)
      .map(value => {
        const [ns, sa] = value.includes('/')
          ? value.split('/', 2)
          : [p.namespace, value];
        return {
          namespace: ns,
          serviceAccount: sa,
          matchedBy: 'service-account-annotation' as const,
        };
      });
  }
  const fromWorkloads: ComponentServiceAccount[] = [];
  for (const w of workloads) {
    if (!w.serviceAccountName) continue;
    if (entitiesClaimingWorkload(w, index).some(c => c.entity === entity)) {
      if (
        !fromWorkloads.some(
          s =>
            s.namespace === w.namespace &&
            s.serviceAccount === w.serviceAccountName,
        )
      ) {
        fromWorkloads.push({
          namespace: w.namespace,
          serviceAccount: w.serviceAccountName,
          matchedBy: 'service-account-of-workload',
        });
      }
    }
  }
  if (fromWorkloads.length > 0) return fromWorkloads;
  return [
    {
      namespace: p.namespace,
      serviceAccount: `${p.id ?? entity.metadata.name}-sa`,
      matchedBy: 'service-account-convention',
    },
  ];
}

/**
 * Components running as `<namespace>/<serviceAccount>`, strongest first:
 * annotation, then workloads using that service account, then convention.
 */
export function componentsForServiceAccount(
  namespace: string,
  serviceAccount: string,
  index: CatalogIndex,
  workloads: WorkloadFact[] = [],
): Claim[] {
  const claims: Claim[] = [];
  const seen = new Set<Entity>();
  const push = (c: Claim) => {
    if (!seen.has(c.entity)) {
      seen.add(c.entity);
      claims.push(c);
    }
  };
  const principal = `${namespace}/${serviceAccount}`;
  for (const entity of index.ofKind('Component')) {
    const annotation =
      entity.metadata.annotations?.[ANNOTATION_SERVICE_ACCOUNT];
    if (!annotation?.trim()) continue;
    const accounts = serviceAccountsOf(entity, index);
    if (
      accounts.some(
        a =>
          a.serviceAccount === serviceAccount &&
          (!a.namespace || a.namespace === namespace),
      )
    ) {
      push({
        entity,
        matchedBy: 'service-account-annotation',
        explanation: `${entity.metadata.name} declares service account ${serviceAccount} in its ${ANNOTATION_SERVICE_ACCOUNT} annotation`,
      });
    }
  }
  for (const w of workloads) {
    if (w.namespace !== namespace || w.serviceAccountName !== serviceAccount) {
      continue;
    }
    for (const claim of entitiesClaimingWorkload(w, index)) {
      push({
        entity: claim.entity,
        matchedBy: 'service-account-of-workload',
        explanation: `${w.kind} ${w.namespace}/${w.name} in cluster ${w.cluster} runs as ${principal} and belongs to ${claim.entity.metadata.name} (${claim.matchedBy})`,
      });
    }
  }
  for (const entity of index.ofKind('Component')) {
    if (entity.metadata.annotations?.[ANNOTATION_SERVICE_ACCOUNT]?.trim()) {
      continue;
    }
    const p = kubernetesPlacement(entity);
    if (!p.id && !p.namespace) continue;
    if (p.namespace && p.namespace !== namespace) continue;
    if (`${p.id ?? entity.metadata.name}-sa` === serviceAccount) {
      push({
        entity,
        matchedBy: 'service-account-convention',
        explanation: `service account ${serviceAccount} in namespace ${namespace} follows the <name>-sa convention for ${entity.metadata.name}`,
      });
    }
  }
  return claims;
}
