import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ArgoCdApplication,
  parseArgoCdAnnotations,
  problemResources,
} from '@supply-chain/plugin-argocd-common';
import {
  AttentionKind,
  AttentionSeverity,
} from '@supply-chain/plugin-attention-common';
import {
  computeRollout,
  parseLabelSelector,
  parseMLModel,
  PodObject,
  ReplicaSetObject,
  selectorMatches,
} from '@supply-chain/plugin-rollouts-common';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  entityObjectFilter,
  filterMatches,
  RolloutsClusterCacheService,
} from '@supply-chain/plugin-rollouts-node';

/** Each namespace's ReplicaSets and pods, in one cluster. */
export type NamespaceSnapshot = (
  cluster: string,
  namespace: string,
) => { replicaSets: ReplicaSetObject[]; pods: PodObject[] };

/**
 * The cache copies a list on every call: this reads each namespace's
 * ReplicaSets and pods once per evaluation or request, not once per
 * Deployment and entity.
 */
export function namespaceSnapshots(
  cache: Pick<RolloutsClusterCacheService, 'listReplicaSets' | 'listPods'>,
): NamespaceSnapshot {
  const snapshots = new Map<
    string,
    { replicaSets: ReplicaSetObject[]; pods: PodObject[] }
  >();
  return (cluster, namespace) => {
    const key = `${cluster}/${namespace}`;
    let snapshot = snapshots.get(key);
    if (!snapshot) {
      snapshot = {
        replicaSets: cache.listReplicaSets(cluster, { namespace }),
        pods: cache.listPods(cluster, { namespace }),
      };
      snapshots.set(key, snapshot);
    }
    return snapshot;
  };
}

/** A problem as one evaluation sees it (the store adds since when). */
export interface DetectedProblem {
  id: string;
  kind: AttentionKind;
  severity: AttentionSeverity;
  /** absent for unowned workloads: no entity claims them */
  entityRef?: string;
  ownerRef?: string;
  /**
   * Where it was seen: `cluster:<name>` or `argocd:<instance>`. A problem is
   * only resolved by an evaluation that could read its source: a cluster going
   * away is not a fix.
   */
  source: string;
  subject: string;
  title: string;
  reason: string;
  link: string;
}

/** The cache reads the detector needs. */
export type ClusterReads = Pick<
  RolloutsClusterCacheService,
  | 'listClusters'
  | 'listDeployments'
  | 'listReplicaSets'
  | 'listPods'
  | 'listMLModels'
>;

/** One Argo CD instance's applications, or why they could not be listed. */
export interface ArgoCdInstanceApps {
  instance: string;
  apps?: ArgoCdApplication[];
  error?: string;
}

/** The portal path of an entity's page, plus a tab. */
export function entityPath(entity: Entity, tab?: string): string {
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const base = `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
  return tab ? `${base}/${tab}` : base;
}

function ownerOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  return typeof owner === 'string' && owner ? owner : undefined;
}

/** Entities the official Kubernetes plugin would show objects for. */
export function hasKubernetesAnnotations(entity: Entity): boolean {
  const a = entity.metadata.annotations ?? {};
  return !!(
    a[ANNOTATION_KUBERNETES_ID] || a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]
  );
}

/**
 * Problems of the entities' Deployments and MLModels in every cluster of the
 * cache, in the words the Rollouts tab and the ML models card use:
 * the rollout's kubectl-style phase message, the failing pod's message, the
 * MLModel's failure reason.
 */
export function detectClusterProblems(
  entities: Entity[],
  cache: ClusterReads,
  now: number = Date.now(),
): DetectedProblem[] {
  const problems: DetectedProblem[] = [];
  const clusters = cache.listClusters();
  const namespaceSnapshot = namespaceSnapshots(cache);
  for (const entity of entities.filter(hasKubernetesAnnotations)) {
    const entityRef = stringifyEntityRef(entity);
    const filter = entityObjectFilter(entity);
    if (filter.invalid) continue;
    const base = {
      entityRef,
      ownerRef: ownerOf(entity),
    };
    for (const cluster of clusters) {
      if (filter.cluster && filter.cluster !== cluster.name) continue;
      const source = `cluster:${cluster.name}`;
      const ns = filter.namespace ? { namespace: filter.namespace } : undefined;
      for (const deployment of cache
        .listDeployments(cluster.name, ns)
        .filter(d => filterMatches(filter, cluster.name, d))) {
        const { name, namespace = 'default' } = deployment.metadata;
        const subject = `${cluster.name}/${namespace}/Deployment ${name}`;
        const { replicaSets, pods } = namespaceSnapshot(
          cluster.name,
          namespace,
        );
        const rollout = computeRollout(
          deployment,
          replicaSets,
          pods.filter(p =>
            selectorMatches(deployment.spec.selector, p.metadata.labels),
          ),
          undefined,
          undefined,
          undefined,
          cluster.name,
        );
        const link = entityPath(entity, 'rollouts');
        const crashing = rollout.podsByRevision
          .flatMap(r => r.pods)
          .filter(p => p.reason === 'CrashLoopBackOff');
        if (rollout.phase === 'stalled') {
          problems.push({
            ...base,
            id: `rollout-stalled:${subject}:${entityRef}`,
            kind: 'rollout-stalled',
            severity: 'error',
            source,
            subject,
            title: `${name}: rollout stalled`,
            reason: rollout.phaseMessage,
            link,
          });
        }
        if (crashing.length > 0) {
          problems.push({
            ...base,
            id: `crash-loop:${subject}:${entityRef}`,
            kind: 'crash-loop',
            severity: 'error',
            source,
            subject,
            title: `${name}: ${crashing.length} ${
              crashing.length === 1 ? 'pod is' : 'pods are'
            } crash-looping`,
            reason: `pod ${crashing[0].name}: ${
              crashing[0].message ?? 'CrashLoopBackOff'
            }`,
            link,
          });
        } else if (rollout.phase === 'failing') {
          problems.push({
            ...base,
            id: `rollout-failing:${subject}:${entityRef}`,
            kind: 'rollout-failing',
            severity: 'error',
            source,
            subject,
            title: `${name}: rollout failing`,
            reason: rollout.phaseMessage,
            link,
          });
        }
      }
      for (const object of cache
        .listMLModels(cluster.name, ns)
        .filter(m => filterMatches(filter, cluster.name, m))) {
        const model = parseMLModel(object, { cluster: cluster.name, now });
        if (model.status.deploymentStatus !== 'failed') continue;
        const subject = `${cluster.name}/${model.namespace}/MLModel ${model.name}`;
        problems.push({
          ...base,
          id: `mlmodel-failed:${subject}:${entityRef}`,
          kind: 'mlmodel-failed',
          severity: 'error',
          source,
          subject,
          title: `${model.name}: ML model failed`,
          reason: `Failed: ${
            model.status.reason ?? 'the operator gave no reason'
          }`,
          link: entityPath(entity),
        });
      }
    }
  }
  return problems;
}

/** Whether the entity's `argocd/*` annotations select the application (the Argo CD tab's rule). */
export function appMatches(
  app: ArgoCdApplication,
  annotations: NonNullable<
    Extract<ReturnType<typeof parseArgoCdAnnotations>, { annotated: true }>
  >['value'],
): boolean {
  if (
    annotations.appNamespace &&
    (app.metadata.namespace ?? '') !== annotations.appNamespace
  ) {
    return false;
  }
  if (annotations.appNames.includes(app.metadata.name)) return true;
  if (annotations.appSelector) {
    const selector = parseLabelSelector(annotations.appSelector);
    if (selector && selectorMatches(selector, app.metadata.labels)) return true;
  }
  return (
    !!app.spec.project && annotations.projectNames.includes(app.spec.project)
  );
}

function resourceList(app: ArgoCdApplication, max = 3): string {
  const problems = problemResources(app.status?.resources).filter(
    r => r.syncStatus === 'OutOfSync',
  );
  if (problems.length === 0) return '';
  const names = problems.slice(0, max).map(r => `${r.kind} ${r.name}`);
  const more =
    problems.length > max ? ` and ${problems.length - max} more` : '';
  return ` (${names.join(', ')}${more})`;
}

/**
 * Problems of the entities' Argo CD applications (matched by the `argocd/*`
 * annotations the Argo CD tab reads): a failed or errored last sync, health
 * Degraded or Missing, sync status OutOfSync.
 */
export function detectArgoCdProblems(
  entities: Entity[],
  instances: ArgoCdInstanceApps[],
): DetectedProblem[] {
  const problems: DetectedProblem[] = [];
  for (const entity of entities) {
    const parsed = parseArgoCdAnnotations(entity.metadata.annotations);
    if (!parsed.ok || !parsed.annotated) continue;
    const annotations = parsed.value;
    const entityRef = stringifyEntityRef(entity);
    for (const { instance, apps } of instances) {
      if (
        annotations.instanceNames.length > 0 &&
        !annotations.instanceNames.includes(instance)
      ) {
        continue;
      }
      for (const app of (apps ?? []).filter(a => appMatches(a, annotations))) {
        const name = app.metadata.name;
        const subject = `Argo CD ${instance}/${name}`;
        const base = {
          entityRef,
          ownerRef: ownerOf(entity),
          source: `argocd:${instance}`,
          subject,
          link: entityPath(entity, 'argocd'),
        };
        const op = app.status?.operationState;
        if (op && (op.phase === 'Failed' || op.phase === 'Error')) {
          problems.push({
            ...base,
            id: `argocd-sync-failed:${subject}:${entityRef}`,
            kind: 'argocd-sync-failed',
            severity: 'error',
            title: `${name}: Argo CD sync ${
              op.phase === 'Error' ? 'errored' : 'failed'
            }`,
            reason: `Last sync ${op.phase}${
              op.message ? `: ${op.message}` : ''
            }`,
          });
        }
        const health = app.status?.health?.status;
        if (health === 'Degraded' || health === 'Missing') {
          problems.push({
            ...base,
            id: `argocd-degraded:${subject}:${entityRef}`,
            kind: 'argocd-degraded',
            severity: 'error',
            title: `${name}: Argo CD health ${health}`,
            reason: `Health ${health}${
              app.status?.health?.message
                ? `: ${app.status.health.message}`
                : ''
            }`,
          });
        }
        if (app.status?.sync?.status === 'OutOfSync') {
          problems.push({
            ...base,
            id: `argocd-out-of-sync:${subject}:${entityRef}`,
            kind: 'argocd-out-of-sync',
            severity: 'warning',
            title: `${name}: out of sync with Git`,
            reason: `Sync status OutOfSync: the cluster differs from Git${resourceList(
              app,
            )}`,
          });
        }
      }
    }
  }
  return problems;
}
