import {
  DeploymentObject,
  DestinationRuleObject,
  HorizontalPodAutoscalerObject,
  PodObject,
  ReplicaSetObject,
  VirtualServiceObject,
} from '../kubernetesObjects';
import {
  DeploymentRollout,
  PodRollout,
  RevisionPods,
  RolloutPhase,
  RolloutRevision,
} from '../types';
import { computeHpaStatus, hpaTargetsDeployment } from './hpa';
import { FAILING_POD_PROBLEMS, summarizePod } from './podStatus';
import { computeTrafficSplit } from './trafficSplit';

/** @public */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** @public */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** The revision number of a ReplicaSet (0 when it has none). @public */
export function replicaSetRevision(rs: ReplicaSetObject): number {
  const n = Number(rs.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * Is this ReplicaSet controlled by this Deployment? By controller owner reference
 * when both have uids, else by name prefix and namespace.
 * @public
 */
export function replicaSetBelongsTo(
  rs: ReplicaSetObject,
  deployment: DeploymentObject,
): boolean {
  if ((rs.metadata.namespace ?? '') !== (deployment.metadata.namespace ?? ''))
    return false;
  const owner = rs.metadata.ownerReferences?.find(o => o.controller);
  if (owner && deployment.metadata.uid) {
    return owner.kind === 'Deployment' && owner.uid === deployment.metadata.uid;
  }
  if (owner)
    return (
      owner.kind === 'Deployment' && owner.name === deployment.metadata.name
    );
  return false;
}

function podBelongsTo(pod: PodObject, rs: ReplicaSetObject): boolean {
  if ((pod.metadata.namespace ?? '') !== (rs.metadata.namespace ?? ''))
    return false;
  const owner = pod.metadata.ownerReferences?.find(o => o.controller);
  if (owner && rs.metadata.uid)
    return owner.kind === 'ReplicaSet' && owner.uid === rs.metadata.uid;
  if (owner)
    return owner.kind === 'ReplicaSet' && owner.name === rs.metadata.name;
  const hash = rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
  return !!hash && pod.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === hash;
}

function intOrPercent(v: number | string | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

interface PhaseVerdict {
  phase: RolloutPhase;
  message: string;
}

/**
 * The rollout phase, following `kubectl rollout status`
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), refined with
 * `paused` and `failing` (pods of the new revision crash-looping, unable to
 * pull their image or OOM-killed).
 */
function computePhase(
  deployment: DeploymentObject,
  newPods: PodRollout[],
): PhaseVerdict {
  const name = deployment.metadata.name;
  const generation = deployment.metadata.generation ?? 0;
  const status = deployment.status ?? {};
  const observed = status.observedGeneration ?? 0;
  const specReplicas = deployment.spec.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;

  if (generation > observed) {
    return {
      phase: 'progressing',
      message: 'Waiting for deployment spec update to be observed...',
    };
  }

  const failing = newPods.filter(
    p => p.reason && FAILING_POD_PROBLEMS.includes(p.reason),
  );
  const failingText =
    failing.length > 0
      ? `${failing.length} pod${
          failing.length === 1 ? '' : 's'
        } of the new revision failing: ${failing
          .map(p => `${p.name}: ${p.message ?? p.reason}`)
          .join('; ')}`
      : '';

  // kubectl's "Waiting for ..." message, or undefined when rolled out
  let waiting: string | undefined;
  if (updated < specReplicas) {
    waiting = `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${specReplicas} new replicas have been updated...`;
  } else if (total > updated) {
    waiting = `Waiting for deployment "${name}" rollout to finish: ${
      total - updated
    } old replicas are pending termination...`;
  } else if (available < updated) {
    waiting = `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`;
  }

  if (deployment.spec.paused) {
    return {
      phase: 'paused',
      message: `Deployment "${name}" is paused${
        waiting ? `; ${waiting.replace(/^Waiting/, 'waiting')}` : ''
      }${failingText ? `; ${failingText}` : ''}`,
    };
  }

  const progressing = status.conditions?.find(c => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      phase: 'stalled',
      message: `deployment "${name}" exceeded its progress deadline${
        failingText ? `; ${failingText}` : ''
      }`,
    };
  }

  if (failing.length > 0) {
    return { phase: 'failing', message: failingText };
  }

  if (waiting) return { phase: 'progressing', message: waiting };
  return {
    phase: 'complete',
    message: `deployment "${name}" successfully rolled out`,
  };
}

/**
 * Everything the portal shows of one Deployment's rollout, from the objects of its
 * cluster: phase (as `kubectl rollout status` sees it), revisions, pods per
 * revision with what is wrong with them, HPA (with "capped") and Istio traffic split.
 * `replicaSets`, `pods` may hold unrelated objects: only the Deployment's own are used.
 * @public
 */
export function computeRollout(
  deployment: DeploymentObject,
  replicaSets: ReplicaSetObject[],
  pods: PodObject[],
  hpa?: HorizontalPodAutoscalerObject,
  virtualService?: VirtualServiceObject,
  destinationRule?: DestinationRuleObject,
  cluster: string = '',
): DeploymentRollout {
  const ownSets = replicaSets
    .filter(rs => replicaSetBelongsTo(rs, deployment))
    .sort((a, b) => replicaSetRevision(b) - replicaSetRevision(a));
  const deploymentRevision =
    Number(deployment.metadata.annotations?.[REVISION_ANNOTATION]) || 0;
  const currentRevision =
    deploymentRevision || (ownSets.length ? replicaSetRevision(ownSets[0]) : 0);

  const podsByRevision: RevisionPods[] = ownSets.map(rs => ({
    revision: replicaSetRevision(rs),
    pods: pods
      .filter(p => podBelongsTo(p, rs))
      .map(summarizePod)
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));

  const olderRevisions = ownSets
    .map(replicaSetRevision)
    .filter(r => r < currentRevision);
  const previousRevision = olderRevisions.length
    ? Math.max(...olderRevisions)
    : undefined;
  const revisions: RolloutRevision[] = ownSets.map(rs => {
    const revision = replicaSetRevision(rs);
    return {
      revision,
      replicaSet: rs.metadata.name,
      images: (rs.spec.template?.spec?.containers ?? [])
        .map(c => c.image)
        .filter((i): i is string => !!i),
      version: rs.spec.template?.metadata?.labels?.version,
      createdAt: rs.metadata.creationTimestamp,
      replicas: rs.status?.replicas ?? 0,
      readyReplicas: rs.status?.readyReplicas ?? 0,
      current: revision === currentRevision,
      previous: revision === previousRevision,
      changeCause: rs.metadata.annotations?.['kubernetes.io/change-cause'],
    };
  });

  const newPods =
    podsByRevision.find(p => p.revision === currentRevision)?.pods ?? [];
  const { phase, message } = computePhase(deployment, newPods);
  const status = deployment.status ?? {};
  const trafficSplit =
    virtualService && destinationRule
      ? computeTrafficSplit(virtualService, destinationRule, ownSets)
      : undefined;

  return {
    cluster,
    namespace: deployment.metadata.namespace ?? 'default',
    name: deployment.metadata.name,
    desiredReplicas: deployment.spec.replicas ?? 1,
    updatedReplicas: status.updatedReplicas ?? 0,
    readyReplicas: status.readyReplicas ?? 0,
    availableReplicas: status.availableReplicas ?? 0,
    unavailableReplicas: status.unavailableReplicas ?? 0,
    totalReplicas: status.replicas ?? 0,
    generation: deployment.metadata.generation ?? 0,
    observedGeneration: status.observedGeneration ?? 0,
    strategy: {
      type: deployment.spec.strategy?.type ?? 'RollingUpdate',
      ...((deployment.spec.strategy?.type ?? 'RollingUpdate') ===
      'RollingUpdate'
        ? {
            maxSurge: intOrPercent(
              deployment.spec.strategy?.rollingUpdate?.maxSurge ?? '25%',
            ),
            maxUnavailable: intOrPercent(
              deployment.spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%',
            ),
          }
        : {}),
    },
    paused: !!deployment.spec.paused,
    phase,
    phaseMessage: message,
    revision: currentRevision,
    revisions,
    podsByRevision,
    ...(hpa && hpaTargetsDeployment(hpa, deployment)
      ? { hpa: computeHpaStatus(hpa) }
      : {}),
    ...(trafficSplit
      ? { trafficSplit, virtualService: virtualService!.metadata.name }
      : {}),
    labels: deployment.metadata.labels ?? {},
    createdAt: deployment.metadata.creationTimestamp,
  };
}
