import type {
  ArgoAnalysisRunObject,
  ArgoCanaryStep,
  ArgoRolloutObject,
} from '@supply-chain/plugin-rollouts-common';
import { meta as slimMeta } from './slim';

/**
 * Keep only what the Rollouts tab reads of Argo Rollouts
 * (`argoproj.io/v1alpha1`): a Rollout's strategy (steps, Istio routing, the
 * blue-green Services) and status; an AnalysisRun's owner, phase and
 * measurements. The pod template, analysis arguments, provider settings and
 * everything else are dropped before they enter the cache.
 */

// the revision and the hash are what the view reads; last-applied etc. are dropped
const meta = (m: any) =>
  slimMeta(m, key => key.startsWith('rollout.argoproj.io/'));

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function step(s: any): ArgoCanaryStep {
  if (s?.setWeight !== undefined) return { setWeight: Number(s.setWeight) };
  if (s?.pause !== undefined)
    return {
      pause: defined({
        duration:
          s.pause?.duration !== undefined
            ? String(s.pause.duration)
            : undefined,
      }),
    };
  if (s?.analysis)
    return {
      analysis: {
        templates: (s.analysis.templates ?? []).map(
          (t: any) =>
            `${t.clusterScope ? 'ClusterAnalysisTemplate/' : ''}${
              t.templateName
            }`,
        ),
      },
    };
  if (s?.experiment) return { experiment: true };
  if (s?.setCanaryScale)
    return {
      setCanaryScale: defined({
        replicas: s.setCanaryScale.replicas,
        weight: s.setCanaryScale.weight,
        matchTrafficWeight: s.setCanaryScale.matchTrafficWeight,
      }),
    };
  if (s?.setHeaderRoute) return { setHeaderRoute: s.setHeaderRoute.name ?? '' };
  if (s?.setMirrorRoute) return { setMirrorRoute: s.setMirrorRoute.name ?? '' };
  return { other: Object.keys(s ?? {})[0] ?? 'step' };
}

function weight(w: any) {
  return defined({
    weight: Number(w?.weight ?? 0),
    podTemplateHash: w?.podTemplateHash,
    serviceName: w?.serviceName,
  });
}

/** A Rollout: strategy and status only. */
export function slimArgoRollout(o: any): ArgoRolloutObject {
  const canary = o?.spec?.strategy?.canary;
  const blueGreen = o?.spec?.strategy?.blueGreen;
  const istio = canary?.trafficRouting?.istio;
  const st = o?.status;
  return {
    apiVersion: o?.apiVersion,
    kind: o?.kind,
    metadata: meta(o?.metadata),
    spec: defined({
      replicas: o?.spec?.replicas,
      paused: o?.spec?.paused,
      strategy: defined({
        canary: canary
          ? defined({
              steps: (canary.steps ?? []).map(step),
              trafficRouting: istio
                ? {
                    istio: defined({
                      // one virtualService or a list of them
                      virtualServices: [
                        ...(istio.virtualService ? [istio.virtualService] : []),
                        ...(istio.virtualServices ?? []),
                      ].map((v: any) =>
                        defined({ name: v.name, routes: v.routes }),
                      ),
                      destinationRule: istio.destinationRule
                        ? {
                            name: istio.destinationRule.name,
                            canarySubsetName:
                              istio.destinationRule.canarySubsetName,
                            stableSubsetName:
                              istio.destinationRule.stableSubsetName,
                          }
                        : undefined,
                    }),
                  }
                : undefined,
            })
          : undefined,
        blueGreen: blueGreen
          ? defined({
              activeService: blueGreen.activeService,
              previewService: blueGreen.previewService,
              autoPromotionEnabled: blueGreen.autoPromotionEnabled,
            })
          : undefined,
      }),
    }),
    status: st
      ? defined({
          phase: st.phase,
          message: st.message,
          abort: st.abort,
          abortedAt: st.abortedAt,
          controllerPause: st.controllerPause,
          pauseConditions: st.pauseConditions?.map((p: any) =>
            defined({ reason: p.reason, startTime: p.startTime }),
          ),
          currentStepIndex: st.currentStepIndex,
          currentPodHash: st.currentPodHash,
          stableRS: st.stableRS,
          observedGeneration: st.observedGeneration,
          replicas: st.replicas,
          updatedReplicas: st.updatedReplicas,
          readyReplicas: st.readyReplicas,
          availableReplicas: st.availableReplicas,
          canary: st.canary
            ? defined({
                weights: st.canary.weights
                  ? {
                      canary: weight(st.canary.weights.canary),
                      stable: weight(st.canary.weights.stable),
                    }
                  : undefined,
                currentStepAnalysisRunStatus: st.canary
                  .currentStepAnalysisRunStatus
                  ? defined({
                      name: st.canary.currentStepAnalysisRunStatus.name,
                      status: st.canary.currentStepAnalysisRunStatus.status,
                      message: st.canary.currentStepAnalysisRunStatus.message,
                    })
                  : undefined,
              })
            : undefined,
          blueGreen: st.blueGreen
            ? defined({
                activeSelector: st.blueGreen.activeSelector,
                previewSelector: st.blueGreen.previewSelector,
              })
            : undefined,
          conditions: st.conditions?.map((c: any) =>
            defined({
              type: c.type,
              status: c.status,
              reason: c.reason,
              message: c.message,
              lastTransitionTime: c.lastTransitionTime,
            }),
          ),
        })
      : undefined,
  };
}

/** An AnalysisRun: owner, phase and measurements (no args, no provider settings). */
export function slimAnalysisRun(o: any): ArgoAnalysisRunObject {
  const st = o?.status;
  return {
    apiVersion: o?.apiVersion,
    kind: o?.kind,
    metadata: meta(o?.metadata),
    status: st
      ? defined({
          phase: st.phase,
          message: st.message,
          startedAt: st.startedAt,
          metricResults: st.metricResults?.map((m: any) =>
            defined({
              name: m.name,
              phase: m.phase,
              message: m.message,
              count: m.count,
              successful: m.successful,
              failed: m.failed,
              inconclusive: m.inconclusive,
              error: m.error,
              // the newest measurements are enough for the view
              measurements: (m.measurements ?? []).slice(-10).map((x: any) =>
                defined({
                  phase: x.phase,
                  value: x.value,
                  message: x.message,
                  startedAt: x.startedAt,
                  finishedAt: x.finishedAt,
                }),
              ),
            }),
          ),
        })
      : undefined,
  };
}
