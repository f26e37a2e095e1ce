/**
 * Argo Rollouts (`argoproj.io/v1alpha1` Rollout and AnalysisRun) as the
 * portal keeps them, and the pure "status → words" logic of the Rollouts tab,
 * in the words `kubectl argo rollouts get rollout` uses (argo-rollouts v1.10).
 * Read-only: nothing here writes a Rollout.
 */
import type {
  ObjectMeta,
  PodObject,
  ReplicaSetObject,
  VirtualServiceObject,
} from './kubernetesObjects';
import type { PodRollout } from './types';
import { summarizePod } from './rollout/podStatus';

/** The label the controller puts on a Rollout's ReplicaSets, pods and AnalysisRuns. @public */
export const ROLLOUTS_POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
/** The revision annotation of a Rollout's ReplicaSets. @public */
export const ROLLOUT_REVISION_ANNOTATION = 'rollout.argoproj.io/revision';

/** One canary step as the portal keeps it (only the fields the view names). @public */
export interface ArgoCanaryStep {
  setWeight?: number;
  /** present for a pause step; duration absent = until promoted */
  pause?: { duration?: string };
  analysis?: { templates: string[] };
  experiment?: boolean;
  setCanaryScale?: {
    replicas?: number;
    weight?: number;
    matchTrafficWeight?: boolean;
  };
  setHeaderRoute?: string;
  setMirrorRoute?: string;
  /** a step of a kind the portal does not know */
  other?: string;
}

/** A traffic weight the controller writes into status.canary.weights. @public */
export interface ArgoWeightDestination {
  weight: number;
  podTemplateHash?: string;
  serviceName?: string;
}

/** `argoproj.io/v1alpha1` Rollout, slimmed to what the Rollouts tab reads. @public */
export interface ArgoRolloutObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    paused?: boolean;
    strategy: {
      canary?: {
        steps?: ArgoCanaryStep[];
        trafficRouting?: {
          istio?: {
            virtualServices?: Array<{ name: string; routes?: string[] }>;
            destinationRule?: {
              name: string;
              canarySubsetName: string;
              stableSubsetName: string;
            };
          };
        };
      };
      blueGreen?: {
        activeService?: string;
        previewService?: string;
        autoPromotionEnabled?: boolean;
      };
    };
  };
  status?: {
    phase?: string;
    message?: string;
    abort?: boolean;
    abortedAt?: string;
    controllerPause?: boolean;
    pauseConditions?: Array<{ reason: string; startTime?: string }>;
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
    observedGeneration?: string;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    canary?: {
      weights?: {
        canary: ArgoWeightDestination;
        stable: ArgoWeightDestination;
      };
      currentStepAnalysisRunStatus?: {
        name?: string;
        status?: string;
        message?: string;
      };
    };
    blueGreen?: { activeSelector?: string; previewSelector?: string };
    conditions?: Array<{
      type: string;
      status: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string;
    }>;
  };
}

/** One measurement of an AnalysisRun metric. @public */
export interface ArgoMeasurement {
  phase: string;
  /** as the controller writes it, e.g. `"0.99"` (the web provider's JSON) */
  value?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}

/** `argoproj.io/v1alpha1` AnalysisRun, slimmed to its verdict and measurements. @public */
export interface ArgoAnalysisRunObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  status?: {
    phase?: string;
    message?: string;
    startedAt?: string;
    metricResults?: Array<{
      name: string;
      phase: string;
      message?: string;
      count?: number;
      successful?: number;
      failed?: number;
      inconclusive?: number;
      error?: number;
      measurements?: ArgoMeasurement[];
    }>;
  };
}

/** One step of a canary, in the words of `kubectl argo rollouts get`. @public */
export interface ArgoStepView {
  /** 0-based, as status.currentStepIndex counts */
  index: number;
  /** e.g. "setWeight: 20", "pause", "pause: 30s", "analysis: payment-service-success-rate" */
  text: string;
  /** done, the step being run, or not yet reached */
  state: 'done' | 'current' | 'pending';
}

/** One revision (ReplicaSet) of an Argo Rollout. @public */
export interface ArgoRevisionView {
  revision: number;
  replicaSet: string;
  podHash?: string;
  images: string[];
  /** what the revision is to the Rollout, as the kubectl plugin labels its ReplicaSets */
  roles: Array<'stable' | 'canary' | 'active' | 'preview'>;
  replicas: number;
  readyReplicas: number;
  pods: PodRollout[];
}

/** One metric of an AnalysisRun. @public */
export interface ArgoMetricView {
  name: string;
  phase: string;
  message?: string;
  measurements: ArgoMeasurement[];
}

/** One AnalysisRun of a Rollout. @public */
export interface ArgoAnalysisRunView {
  name: string;
  phase: string;
  /** the verdict in words, e.g. 'Failed: metric "success-rate": 1 of 1 measurements Failed ("0.42")' */
  verdict: string;
  revision?: number;
  podHash?: string;
  startedAt?: string;
  metrics: ArgoMetricView[];
}

/** The phase `kubectl argo rollouts get` shows (Aborted when status.abort is set). @public */
export type ArgoRolloutPhase =
  | 'Healthy'
  | 'Progressing'
  | 'Paused'
  | 'Degraded'
  | 'Aborted'
  | 'Unknown';

/** An Argo Rollout of an entity as the Rollouts tab shows it. @public */
export interface ArgoRolloutView {
  cluster: string;
  namespace: string;
  name: string;
  strategy: 'canary' | 'blue-green';
  phase: ArgoRolloutPhase;
  /** the controller's status.message, e.g. "CanaryPauseStep" or "RolloutAborted: ..." */
  message?: string;
  /** the state in one sentence */
  summary: string;
  /** why it is paused, in words; empty when not paused */
  pausedReasons: string[];
  /** why it was aborted, in words */
  abortedReason?: string;
  /** "1/4" as the kubectl plugin shows it (currentStepIndex/steps), canary only */
  step?: string;
  steps: ArgoStepView[];
  /** status.canary.weights: what the controller set, canary only */
  weights?: { canary: number; stable: number };
  /** the weights of the VirtualService route(s) as they are in the cluster */
  virtualServiceWeights?: Array<{
    virtualService: string;
    route?: string;
    subset: string;
    weight: number;
  }>;
  /** the revision status.stableRS names */
  stableRevision?: number;
  stablePodHash?: string;
  /** the revision being rolled out (currentPodHash) */
  currentRevision?: number;
  currentPodHash?: string;
  /** blue-green: which pod hash each Service selects */
  blueGreen?: {
    activeService?: string;
    previewService?: string;
    activeSelector?: string;
    previewSelector?: string;
    activeRevision?: number;
    previewRevision?: number;
    autoPromotionEnabled: boolean;
  };
  desiredReplicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  revisions: ArgoRevisionView[];
  analysisRuns: ArgoAnalysisRunView[];
  labels: Record<string, string>;
  createdAt?: string;
}

function stepState(i: number, current?: number): ArgoStepView['state'] {
  if (current === undefined || i > current) return 'pending';
  return i < current ? 'done' : 'current';
}

/** How one canary step reads in `kubectl argo rollouts get`. @public */
export function describeCanaryStep(step: ArgoCanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`;
  if (step.pause)
    return step.pause.duration ? `pause: ${step.pause.duration}` : 'pause';
  if (step.analysis)
    return `analysis: ${step.analysis.templates.join(', ') || '(no template)'}`;
  if (step.experiment) return 'experiment';
  if (step.setCanaryScale) {
    const s = step.setCanaryScale;
    if (s.replicas !== undefined)
      return `setCanaryScale: ${s.replicas} replicas`;
    if (s.weight !== undefined) return `setCanaryScale: ${s.weight}%`;
    return 'setCanaryScale: matchTrafficWeight';
  }
  if (step.setHeaderRoute) return `setHeaderRoute: ${step.setHeaderRoute}`;
  if (step.setMirrorRoute) return `setMirrorRoute: ${step.setMirrorRoute}`;
  return step.other ?? 'step';
}

/** A pause condition's reason in words. */
function pauseReasonInWords(
  reason: string,
  rollout: ArgoRolloutObject,
): string {
  const index = rollout.status?.currentStepIndex;
  const steps = rollout.spec.strategy.canary?.steps ?? [];
  switch (reason) {
    case 'CanaryPauseStep': {
      const step = index !== undefined ? steps[index] : undefined;
      const where =
        index !== undefined ? ` at step ${index}/${steps.length}` : '';
      return step?.pause?.duration
        ? `CanaryPauseStep: paused${where} for ${step.pause.duration}`
        : `CanaryPauseStep: paused${where} until promoted`;
    }
    case 'BlueGreenPause':
      return 'BlueGreenPause: the preview revision waits to be promoted to active';
    case 'AnalysisRunInconclusive':
      return 'AnalysisRunInconclusive: an analysis run was inconclusive; waiting for a promote or an abort';
    case 'InconclusiveExperiment':
      return 'InconclusiveExperiment: an experiment was inconclusive; waiting for a promote or an abort';
    default:
      return reason;
  }
}

/** The phase the kubectl plugin shows: status.abort wins over the controller's phase. */
export function argoRolloutPhase(rollout: ArgoRolloutObject): ArgoRolloutPhase {
  const status = rollout.status ?? {};
  if (status.abort) return 'Aborted';
  switch (status.phase) {
    case 'Healthy':
    case 'Progressing':
    case 'Paused':
    case 'Degraded':
      return status.phase;
    default:
      return 'Unknown';
  }
}

const revisionOf = (rs: ReplicaSetObject): number => {
  const n = Number(rs.metadata.annotations?.[ROLLOUT_REVISION_ANNOTATION]);
  return Number.isFinite(n) ? n : 0;
};
const hashOf = (o: { metadata: ObjectMeta }): string | undefined =>
  o.metadata.labels?.[ROLLOUTS_POD_TEMPLATE_HASH_LABEL];

/** Is the object owned by this Rollout (ownerReference kind Rollout, by uid or name)? @public */
export function ownedByArgoRollout(
  object: { metadata: ObjectMeta },
  rollout: ArgoRolloutObject,
): boolean {
  return (
    object.metadata.namespace === rollout.metadata.namespace &&
    !!object.metadata.ownerReferences?.some(
      o =>
        o.kind === 'Rollout' &&
        (rollout.metadata.uid
          ? o.uid === rollout.metadata.uid
          : o.name === rollout.metadata.name),
    )
  );
}

/** An AnalysisRun's verdict in words. @public */
export function analysisRunVerdict(run: ArgoAnalysisRunObject): string {
  const status = run.status ?? {};
  const phase = status.phase || 'Pending';
  const metrics = status.metricResults ?? [];
  const details = metrics
    .filter(m => m.phase !== 'Successful' || phase === 'Successful')
    .map(m => {
      const ms = m.measurements ?? [];
      const byPhase = ms.filter(x => x.phase === m.phase);
      const values = byPhase
        .map(x => x.value)
        .filter((v): v is string => v !== undefined);
      return `metric "${m.name}": ${byPhase.length} of ${
        ms.length
      } measurements ${m.phase}${
        values.length ? ` (${values.join(', ')})` : ''
      }`;
    });
  const message = status.message ? ` — ${status.message}` : '';
  return details.length
    ? `${phase}: ${details.join('; ')}${message}`
    : `${phase}${message}`;
}

/** What the view shows of one AnalysisRun. @public */
export function describeAnalysisRun(
  run: ArgoAnalysisRunObject,
  replicaSets: ReplicaSetObject[] = [],
): ArgoAnalysisRunView {
  const podHash = hashOf(run);
  const revisionAnnotation = Number(
    run.metadata.annotations?.[ROLLOUT_REVISION_ANNOTATION],
  );
  const rs = podHash ? replicaSets.find(r => hashOf(r) === podHash) : undefined;
  let revision: number | undefined;
  if (Number.isFinite(revisionAnnotation)) revision = revisionAnnotation;
  else if (rs) revision = revisionOf(rs);
  return {
    name: run.metadata.name,
    phase: run.status?.phase || 'Pending',
    verdict: analysisRunVerdict(run),
    ...(revision !== undefined ? { revision } : {}),
    ...(podHash ? { podHash } : {}),
    ...(run.status?.startedAt ? { startedAt: run.status.startedAt } : {}),
    metrics: (run.status?.metricResults ?? []).map(m => ({
      name: m.name,
      phase: m.phase,
      ...(m.message ? { message: m.message } : {}),
      measurements: m.measurements ?? [],
    })),
  };
}

/** The objects around a Rollout that its view reads. @public */
export interface ArgoRolloutContext {
  cluster: string;
  /** ReplicaSets of the namespace (those the Rollout owns are picked) */
  replicaSets: ReplicaSetObject[];
  /** pods of the namespace */
  pods: PodObject[];
  /** AnalysisRuns of the namespace */
  analysisRuns: ArgoAnalysisRunObject[];
  /** VirtualServices of the namespace */
  virtualServices: VirtualServiceObject[];
}

function virtualServiceWeights(
  rollout: ArgoRolloutObject,
  virtualServices: VirtualServiceObject[],
): ArgoRolloutView['virtualServiceWeights'] {
  const istio = rollout.spec.strategy.canary?.trafficRouting?.istio;
  if (!istio?.virtualServices?.length) return undefined;
  const subsets = istio.destinationRule
    ? [
        istio.destinationRule.stableSubsetName,
        istio.destinationRule.canarySubsetName,
      ]
    : undefined;
  const out: NonNullable<ArgoRolloutView['virtualServiceWeights']> = [];
  for (const ref of istio.virtualServices) {
    const vs = virtualServices.find(
      v =>
        v.metadata.name === ref.name &&
        v.metadata.namespace === rollout.metadata.namespace,
    );
    if (!vs) continue;
    for (const route of vs.spec.http ?? []) {
      if (ref.routes?.length && !ref.routes.includes(route.name ?? ''))
        continue;
      for (const d of route.route ?? []) {
        const subset = d.destination.subset;
        if (!subset || (subsets && !subsets.includes(subset))) continue;
        out.push({
          virtualService: ref.name,
          ...(route.name ? { route: route.name } : {}),
          subset,
          weight: d.weight ?? 0,
        });
      }
    }
  }
  return out;
}

/**
 * An Argo Rollout in the words of `kubectl argo rollouts get rollout`:
 * strategy, phase and message, step n/N with the step list, canary vs stable
 * weight (status.canary.weights) and the VirtualService weights actually set,
 * the stable and canary (or active and preview) revisions with their pods, the
 * AnalysisRuns the Rollout owns with their measurements and verdicts, and why
 * it is paused or aborted.
 * @public
 */
export function describeArgoRollout(
  rollout: ArgoRolloutObject,
  context: ArgoRolloutContext,
): ArgoRolloutView {
  const status = rollout.status ?? {};
  const canary = rollout.spec.strategy.canary;
  const blueGreen = rollout.spec.strategy.blueGreen;
  const strategy: ArgoRolloutView['strategy'] = blueGreen
    ? 'blue-green'
    : 'canary';
  const phase = argoRolloutPhase(rollout);

  const replicaSets = context.replicaSets
    .filter(rs => ownedByArgoRollout(rs, rollout))
    .sort((a, b) => revisionOf(b) - revisionOf(a));
  const rsByHash = (hash?: string) =>
    hash ? replicaSets.find(rs => hashOf(rs) === hash) : undefined;
  const revisionByHash = (hash?: string) => {
    const rs = rsByHash(hash);
    return rs ? revisionOf(rs) : undefined;
  };

  const stableHash = status.stableRS;
  const currentHash = status.currentPodHash;
  const activeSelector = status.blueGreen?.activeSelector;
  const previewSelector = status.blueGreen?.previewSelector;

  const revisions: ArgoRevisionView[] = replicaSets.map(rs => {
    const hash = hashOf(rs);
    const roles: ArgoRevisionView['roles'] = [];
    if (strategy === 'canary') {
      if (hash && hash === stableHash) roles.push('stable');
      else if (hash && hash === currentHash) roles.push('canary');
    } else {
      if (hash && hash === activeSelector) roles.push('active');
      if (
        hash &&
        hash === previewSelector &&
        previewSelector !== activeSelector
      )
        roles.push('preview');
      if (hash && hash === stableHash && !roles.includes('active'))
        roles.push('stable');
    }
    const pods = context.pods
      .filter(
        p =>
          p.metadata.namespace === rollout.metadata.namespace &&
          p.metadata.ownerReferences?.some(
            o =>
              o.kind === 'ReplicaSet' &&
              (rs.metadata.uid
                ? o.uid === rs.metadata.uid
                : o.name === rs.metadata.name),
          ),
      )
      .map(summarizePod);
    return {
      revision: revisionOf(rs),
      replicaSet: rs.metadata.name,
      ...(hash ? { podHash: hash } : {}),
      images: (rs.spec?.template?.spec?.containers ?? [])
        .map(c => c.image)
        .filter((i): i is string => !!i),
      roles,
      replicas: rs.status?.replicas ?? 0,
      readyReplicas: rs.status?.readyReplicas ?? 0,
      pods,
    };
  });

  const steps = canary?.steps ?? [];
  const index = status.currentStepIndex;
  const stepViews: ArgoStepView[] = steps.map((s, i) => ({
    index: i,
    text: describeCanaryStep(s),
    state: stepState(i, index),
  }));

  const pausedReasons = (status.pauseConditions ?? []).map(p =>
    pauseReasonInWords(p.reason, rollout),
  );
  if (rollout.spec.paused)
    pausedReasons.push('paused by spec.paused (kubectl argo rollouts pause)');

  const abortedReason = status.abort
    ? status.message ||
      'the update was aborted; traffic and replicas are back on the stable revision'
    : undefined;

  const stableRevision = revisionByHash(stableHash);
  const currentRevision = revisionByHash(currentHash);
  const weights = status.canary?.weights
    ? {
        canary: status.canary.weights.canary.weight,
        stable: status.canary.weights.stable.weight,
      }
    : undefined;

  const stepText =
    strategy === 'canary' && steps.length && index !== undefined
      ? `${index}/${steps.length}`
      : undefined;

  let summary: string;
  if (phase === 'Aborted') summary = `Aborted: ${abortedReason}`;
  else if (phase === 'Paused')
    summary = `Paused${stepText ? ` at step ${stepText}` : ''}${
      weights ? ` with ${weights.canary}% to the canary` : ''
    }: ${pausedReasons.join('; ') || status.message || 'paused'}`;
  else if (phase === 'Healthy')
    summary = `Healthy: revision ${stableRevision ?? '?'} is stable`;
  else summary = `${phase}${status.message ? `: ${status.message}` : ''}`;

  const analysisRuns = context.analysisRuns
    .filter(r => ownedByArgoRollout(r, rollout))
    .map(r => describeAnalysisRun(r, replicaSets))
    .sort(
      (a, b) =>
        (b.revision ?? 0) - (a.revision ?? 0) ||
        (b.startedAt ?? '').localeCompare(a.startedAt ?? '') ||
        b.name.localeCompare(a.name),
    );

  const vsWeights =
    strategy === 'canary'
      ? virtualServiceWeights(rollout, context.virtualServices)
      : undefined;

  return {
    cluster: context.cluster,
    namespace: rollout.metadata.namespace ?? 'default',
    name: rollout.metadata.name,
    strategy,
    phase,
    ...(status.message ? { message: status.message } : {}),
    summary,
    pausedReasons,
    ...(abortedReason ? { abortedReason } : {}),
    ...(stepText ? { step: stepText } : {}),
    steps: stepViews,
    ...(weights ? { weights } : {}),
    ...(vsWeights ? { virtualServiceWeights: vsWeights } : {}),
    ...(stableRevision !== undefined ? { stableRevision } : {}),
    ...(stableHash ? { stablePodHash: stableHash } : {}),
    ...(currentRevision !== undefined ? { currentRevision } : {}),
    ...(currentHash ? { currentPodHash: currentHash } : {}),
    ...(blueGreen
      ? {
          blueGreen: {
            ...(blueGreen.activeService
              ? { activeService: blueGreen.activeService }
              : {}),
            ...(blueGreen.previewService
              ? { previewService: blueGreen.previewService }
              : {}),
            ...(activeSelector ? { activeSelector } : {}),
            ...(previewSelector ? { previewSelector } : {}),
            ...(revisionByHash(activeSelector) !== undefined
              ? { activeRevision: revisionByHash(activeSelector) }
              : {}),
            ...(revisionByHash(previewSelector) !== undefined
              ? { previewRevision: revisionByHash(previewSelector) }
              : {}),
            autoPromotionEnabled: blueGreen.autoPromotionEnabled ?? true,
          },
        }
      : {}),
    desiredReplicas: rollout.spec.replicas ?? 1,
    readyReplicas: status.readyReplicas ?? 0,
    updatedReplicas: status.updatedReplicas ?? 0,
    availableReplicas: status.availableReplicas ?? 0,
    revisions,
    analysisRuns,
    labels: rollout.metadata.labels ?? {},
    ...(rollout.metadata.creationTimestamp
      ? { createdAt: rollout.metadata.creationTimestamp }
      : {}),
  };
}
