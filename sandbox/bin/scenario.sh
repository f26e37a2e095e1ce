#!/usr/bin/env bash
# Apply a named scenario to the running sandbox, through the real APIs
# (kubectl against the apiserver, git commits to the GitOps repository).
#   sandbox/bin/scenario.sh <name>
# Names: rolling-update stalled-rollout [service] crash-loop [service] hpa-scale-up ml-usage-high
#        mlmodel-failed [service] argocd-out-of-sync [app]
#        rollout-canary rollout-promote [rollout] rollout-analysis-fail rollout-abort [rollout] reset
# The rollout-* scenarios drive the seeded Argo Rollouts (lib/rollouts.sh): rollout-canary starts
# payment-service v1 -> v2 (it pauses at 20 %), rollout-promote moves a paused Rollout one step,
# rollout-analysis-fail makes the canary's analysis fail and starts a canary it aborts,
# rollout-abort aborts an update in progress.
# Without the optional argument each scenario hits the service it always did
# (stalled-rollout: order-service, crash-loop: shipping-service, mlmodel-failed:
# ml-prediction-service, argocd-out-of-sync: order-service).
# What changed is printed on stdout.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$SANDBOX_DIR/lib/procs.sh"
. "$SANDBOX_DIR/lib/pki.sh"
KUBECTL=("$KUBECTL_BIN" --kubeconfig "$SANDBOX_STATE/kubeconfig" --cache-dir "$SANDBOX_KUBECTL_CACHE")
. "$SANDBOX_DIR/lib/seed.sh"
. "$SANDBOX_DIR/lib/rollouts.sh"
NS=supply-chain

NAME="${1:-}"
[[ -n "$NAME" ]] || die "usage: scenario.sh <rolling-update|stalled-rollout [service]|crash-loop [service]|hpa-scale-up|ml-usage-high|mlmodel-failed [service]|argocd-out-of-sync [app]|rollout-canary|rollout-promote [rollout]|rollout-analysis-fail|rollout-abort [rollout]|reset>"
proc_alive kube-apiserver && [[ -f "$SANDBOX_STATE/env.sh" ]] || die "the sandbox is not running (start it with 'make sandbox')"

say() { printf '%s\n' "$*"; }
k() { kc -n "$NS" "$@"; }

refresh_app() { kc -n argocd annotate application "$1" argocd.argoproj.io/refresh=normal --overwrite >/dev/null; }
sync_app() {
  kc -n argocd patch application "$1" --type merge \
    -p '{"operation":{"initiatedBy":{"username":"sandbox-scenario"},"sync":{"revision":"HEAD"}}}' >/dev/null
}
app_state() { kc -n argocd get application "$1" -o jsonpath='{.status.sync.status}/{.status.health.status}'; }

case "$NAME" in
rolling-update)
  k patch deployment inventory-service --type strategic -p '{
    "metadata":{"labels":{"version":"v1.3.0"},"annotations":{"kubernetes.io/change-cause":"sandbox scenario rolling-update: v1.2.3 -> v1.3.0"}},
    "spec":{"template":{"metadata":{"labels":{"version":"v1.3.0"}},
      "spec":{"containers":[{"name":"inventory-service","image":"your-registry/inventory-service:v1.3.0"}]}}}}' >/dev/null
  say "rolling-update: deployment/inventory-service image -> your-registry/inventory-service:v1.3.0, label version=v1.3.0 (maxSurge 1, maxUnavailable 0)"
  k rollout status deployment/inventory-service --timeout 120s
  k get rs -l app=inventory-service -o custom-columns=REPLICASET:.metadata.name,REVISION:.metadata.annotations.deployment\\.kubernetes\\.io/revision,VERSION:.metadata.labels.version,DESIRED:.spec.replicas,READY:.status.readyReplicas
  say "note: the live Deployment now differs from Git, so Argo CD shows inventory-service OutOfSync (drift) after its next refresh."
  ;;
stalled-rollout)
  # optional second argument: which seeded service (default order-service)
  svc="${2:-order-service}"
  [[ " ${APPS[*]} " == *" $svc "* ]] || die "stalled-rollout: '$svc' is not a seeded service (one of: ${APPS[*]})"
  k patch deployment "$svc" --type strategic -p '{
    "metadata":{"labels":{"version":"v2.5.0"},"annotations":{"kubernetes.io/change-cause":"sandbox scenario stalled-rollout: v2.5.0 never becomes ready"}},
    "spec":{"progressDeadlineSeconds":30,
      "template":{"metadata":{"labels":{"version":"v2.5.0","sandbox.supplychain.io/fault":"not-ready"}},
      "spec":{"containers":[{"name":"'"$svc"'","image":"your-registry/'"$svc"':v2.5.0"}]}}}}' >/dev/null
  say "stalled-rollout: deployment/$svc image -> your-registry/$svc:v2.5.0, progressDeadlineSeconds=30;"
  say "  its new pods carry sandbox.supplychain.io/fault=not-ready, so kwok runs them but never marks them Ready."
  say "  waiting for the deployment controller to report ProgressDeadlineExceeded (about 30-40 s)..."
  for i in $(seq 1 60); do
    r=$(k get deployment "$svc" -o jsonpath='{.status.conditions[?(@.type=="Progressing")].reason}')
    [[ "$r" == ProgressDeadlineExceeded ]] && break
    # under load the deployment controller can drop the re-check it schedules for the
    # deadline (a sync failing on a stale informer read); a metadata-only change makes it
    # sync again (no new revision)
    (( i % 20 == 0 )) && k annotate deployment "$svc" --overwrite \
      sandbox.supplychain.io/progress-check="$(date +%s)" >/dev/null
    sleep 2
  done
  k get deployment "$svc" -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}'
  k get pods -l app="$svc" -o wide
  ;;
crash-loop)
  # optional second argument: which seeded service (default shipping-service)
  svc="${2:-shipping-service}"
  [[ " ${APPS[*]} " == *" $svc "* ]] || die "crash-loop: '$svc' is not a seeded service (one of: ${APPS[*]})"
  k patch deployment "$svc" --type strategic -p '{
    "metadata":{"labels":{"version":"v1.9.0"},"annotations":{"kubernetes.io/change-cause":"sandbox scenario crash-loop: v1.9.0 crashes on start"}},
    "spec":{"template":{"metadata":{"labels":{"version":"v1.9.0","sandbox.supplychain.io/fault":"crash-loop"}},
      "spec":{"containers":[{"name":"'"$svc"'","image":"your-registry/'"$svc"':v1.9.0"}]}}}}' >/dev/null
  say "crash-loop: deployment/$svc image -> your-registry/$svc:v1.9.0; its new pods carry"
  say "  sandbox.supplychain.io/fault=crash-loop, so kwok's sandbox-pod-crash stage reports CrashLoopBackOff (exit code 1, restarts counting up)."
  sleep 8
  k get pods -l app="$svc"
  ;;
hpa-scale-up)
  before=$(k get deployment inventory-service -o jsonpath='{.spec.replicas}')
  avail=$(kc get apiservice v1beta1.metrics.k8s.io -o jsonpath='{.status.conditions[?(@.type=="Available")].status}' 2>/dev/null || true)
  if [[ "$avail" == True ]]; then
    k patch configmap sandbox-metrics --type merge -p '{"data":{"inventory-service":"cpu=420,memory=240,rps=480"}}' >/dev/null
    say "hpa-scale-up: traffic on inventory-service more than doubles: ConfigMap sandbox-metrics inventory-service"
    say "  = cpu=420,memory=240,rps=480 (total demand; was cpu=195,memory=210,rps=285). With $before pods the metrics API"
    say "  now reports ~140% cpu and ~160 rps per pod against targets 70% / 100, so the real HPA controller scales the"
    say "  Deployment up. The HPA's scaleUp stabilizationWindowSeconds is 60, so this takes about 60-90 s..."
    for _ in $(seq 1 75); do
      a=$(k get deployment inventory-service -o jsonpath='{.status.availableReplicas}')
      [[ "${a:-0}" -ge 6 ]] && break
      sleep 2
    done
  else
    k patch hpa inventory-service-hpa --type merge -p '{"spec":{"minReplicas":6}}' >/dev/null
    say "hpa-scale-up: the sandbox metrics API is not available (APIService v1beta1.metrics.k8s.io: ${avail:-missing}),"
    say "  so instead hpa/inventory-service-hpa minReplicas 2 -> 6: the HPA controller scales the Deployment itself"
    say "  (reason: Current number of replicas below Spec.MinReplicas), not from metrics."
    for _ in $(seq 1 45); do
      a=$(k get deployment inventory-service -o jsonpath='{.status.availableReplicas}')
      [[ "${a:-0}" -ge 6 ]] && break
      sleep 2
    done
  fi
  k get hpa inventory-service-hpa
  k get deployment inventory-service
  k get events --field-selector involvedObject.name=inventory-service-hpa,reason=SuccessfulRescale --sort-by=.lastTimestamp | tail -n 2
  ;;
ml-usage-high)
  # the modelled usage lives in ONE place: ConfigMap sandbox-metrics
  # (manifests/base/40-metrics-load.yaml); reset applies that file again
  before=$(k get configmap sandbox-metrics -o jsonpath='{.data.ml-prediction-service}')
  k patch configmap sandbox-metrics --type merge -p '{"data":{"ml-prediction-service":"cpu=300,memory=250,rps=60"}}' >/dev/null
  say "ml-usage-high: ml-prediction-service's modelled demand rises: ConfigMap sandbox-metrics ml-prediction-service"
  say "  = cpu=300,memory=250,rps=60 (total demand in % of one pod's requests; was ${before:-unset}). Its one pod"
  say "  (requests 500m / 1Gi) now reports ~1500m cpu and ~2.5Gi memory in the metrics API. The VPA recommender"
  say "  samples every 10 s and its histograms halve their weight every 2 min, so ml-prediction-service-vpa's"
  say "  target rises within about 1-3 min (kubectl -n $NS get vpa ml-prediction-service-vpa -o yaml)."
  say "  'reset' restores the load table; the recommendation then falls back as the high samples decay."
  k get vpa ml-prediction-service-vpa || true
  ;;
mlmodel-failed)
  # optional second argument: the seeded service that serves the model (default
  # ml-prediction-service). The model carries that service's
  # backstage.io/kubernetes-id label, the way every seed MLModel is claimed, so
  # the entity with that kubernetes-id (and its owner) owns it. The default's
  # model is route-optimization-v1; another service's is <service minus
  # -service>-forecast-v1 (inventory-service: inventory-forecast-v1).
  svc="${2:-ml-prediction-service}"
  [[ " ${APPS[*]} " == *" $svc "* ]] || die "mlmodel-failed: '$svc' is not a seeded service (one of: ${APPS[*]})"
  if [[ "$svc" == ml-prediction-service ]]; then model_name=route-optimization; else model_name="${svc%-service}-forecast"; fi
  model="$model_name-v1"
  cat <<EOM | k apply -f - >/dev/null
apiVersion: ml.supplychain.io/v1
kind: MLModel
metadata:
  name: $model
  namespace: supply-chain
  labels:
    backstage.io/kubernetes-id: $svc
    sandbox.supplychain.io/scenario: mlmodel-failed
spec:
  modelName: $model_name
  modelVersion: v1.0.0
  framework: pytorch
  resourceRequirements:
    memory: 4Gi
    cpu: "2"
    gpu: "8"
  replicas: 2
EOM
  say "mlmodel-failed: created mlmodel/$model (label backstage.io/kubernetes-id=$svc) asking for 8 GPUs per replica;"
  say "  the only GPU node has 4, so its serving pods stay Pending (Unschedulable) and the operator sets status.deploymentStatus=failed."
  for _ in $(seq 1 30); do
    s=$(k get mlmodel "$model" -o jsonpath='{.status.deploymentStatus}')
    [[ "$s" == failed ]] && break
    sleep 1
  done
  k get mlmodel "$model" -o jsonpath='status.deploymentStatus={.status.deploymentStatus}{"\n"}status.endpoint={.status.endpoint}{"\n"}status.lastUpdated={.status.lastUpdated}{"\n"}reason={.metadata.annotations.ml\.supplychain\.io/failure-reason}{"\n"}'
  ;;
argocd-out-of-sync)
  # optional second argument: which seeded Argo CD Application (default order-service)
  app="${2:-order-service}"
  [[ -d "$GITOPS_WORK/.git" ]] || die "GitOps working copy $GITOPS_WORK missing (component: gitops repository)"
  f="$GITOPS_WORK/apps/$app/deployment.yaml"
  [[ " ${APPS[*]} " == *" $app "* && -f "$f" ]] || die "argocd-out-of-sync: '$app' is not a seeded Argo CD application (one of: ${APPS[*]})"
  n=$(sed -n 's/^  replicas: \([0-9][0-9]*\)$/\1/p' "$f" | head -n 1)
  [[ -n "$n" ]] || die "argocd-out-of-sync: no spec.replicas in apps/$app/deployment.yaml of the GitOps repo"
  m=$((n + 2))
  sed -i "s/^  replicas: $n\$/  replicas: $m/; s/value: \"INFO\"/value: \"DEBUG\"/" "$f"
  git -C "$GITOPS_WORK" add -A
  gitops_commit "$app: $m replicas and DEBUG logging (sandbox scenario argocd-out-of-sync)"
  git -C "$GITOPS_WORK" push -q origin HEAD:main
  rev=$(git -C "$GITOPS_WORK" rev-parse --short HEAD)
  say "argocd-out-of-sync: committed $rev to the GitOps repo ($GITOPS_BARE): apps/$app replicas $n -> $m, LOG_LEVEL INFO -> DEBUG."
  if [[ "$app" == inventory-service ]]; then
    say "  (its Application ignores /spec/replicas, which the HPA owns: the LOG_LEVEL change is what differs)"
  fi
  say "  Not synced (the Applications have no automated sync). Asking Argo CD to refresh $app..."
  refresh_app "$app"
  for _ in $(seq 1 45); do
    [[ "$(app_state "$app")" == OutOfSync/* ]] && break
    sleep 2
  done
  say "$app: $(app_state "$app") (sync status/health)"
  kc -n argocd get application "$app" -o jsonpath='{range .status.resources[*]}{.kind}/{.name}: {.status}{"\n"}{end}'
  ;;
rollout-canary)
  v=$(rollout_next_version payment-service)
  rollout_set_version payment-service "$v"
  say "rollout-canary: Rollout payment-service -> your-registry/payment-service:$v.0.0 (version=$v): 20 % to the canary subset, then a pause until promoted"
  sleep 5
  rollouts_summary
  ;;
rollout-promote)
  rollout_promote "${2:-payment-service}"
  say "rollout-promote: ${2:-payment-service} moved past its pause (kubectl argo rollouts promote)"
  sleep 5
  rollouts_summary
  ;;
rollout-analysis-fail)
  rollouts_success_rate 0.42
  rollout_set_version payment-service "$(rollout_next_version payment-service)"
  sleep 5
  rollout_promote payment-service
  say "rollout-analysis-fail: successRate 0.42 (< 0.95) in $ROLLOUTS_NS/payment-service-metrics, a new canary promoted past its pause: the analysis at 50 % fails and the controller aborts it"
  for _ in $(seq 1 60); do
    [[ "$(rollouts_k get rollout payment-service -o jsonpath='{.status.phase}')" == Degraded ]] && break
    sleep 2
  done
  rollouts_summary
  ;;
rollout-abort)
  rollout_abort "${2:-payment-service}"
  say "rollout-abort: ${2:-payment-service} aborted (kubectl argo rollouts abort): traffic back to stable"
  sleep 5
  rollouts_summary
  ;;
reset)
  say "reset: restoring the baseline"
  k delete mlmodel -l sandbox.supplychain.io/scenario --ignore-not-found
  if [[ -d "$GITOPS_WORK/.git" ]]; then
    gitops_reset_tree
    git -C "$GITOPS_WORK" add -A
    if ! git -C "$GITOPS_WORK" diff --cached --quiet; then
      gitops_commit "Reset to the sandbox baseline"
      git -C "$GITOPS_WORK" push -q origin HEAD:main
      say "  GitOps repo: committed the baseline manifests"
    fi
  fi
  # replace (not apply): scenario patches added fields that apply would keep
  kc apply --server-side --force-conflicts -f "$SANDBOX_DIR/manifests/base/40-metrics-load.yaml" >/dev/null
  for f in "$SANDBOX_DIR"/manifests/apps/*/deployment.yaml; do
    kc replace -f "$f" >/dev/null
  done
  # --force = delete + create: also drops the HPA controller's scale history
  kc replace --force -f "$SANDBOX_DIR/manifests/apps/inventory-service/hpa.yaml" >/dev/null 2>&1
  say "  load table, Deployments and HPA restored to the baseline manifests"
  for a in inventory-service order-service shipping-service ml-prediction-service; do refresh_app "$a"; sync_app "$a"; done
  k rollout status deployment/inventory-service --timeout 120s >/dev/null
  for d in order-service shipping-service ml-prediction-service; do k rollout status deployment/$d --timeout 120s >/dev/null; done
  for _ in $(seq 1 60); do
    ok=1
    for a in inventory-service order-service shipping-service ml-prediction-service; do
      [[ "$(app_state "$a")" == Synced/Healthy ]] || ok=0
    done
    (( ok )) && break
    sleep 2
  done
  # a sandbox started before the Argo Rollouts were seeded has none to reset
  if kc get namespace "$ROLLOUTS_NS" >/dev/null 2>&1; then
    rollouts_reset
    say "  Rollouts: metric passing, both on v1 and Healthy"
  fi
  k get deployments
  kc -n argocd get applications
  ;;
*)
  die "unknown scenario '$NAME'. Known: rolling-update stalled-rollout [service] crash-loop [service] hpa-scale-up ml-usage-high mlmodel-failed [service] argocd-out-of-sync [app] rollout-canary rollout-promote [rollout] rollout-analysis-fail rollout-abort [rollout] reset"
  ;;
esac
