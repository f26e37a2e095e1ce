# shellcheck shell=bash
# Driving the seeded Argo Rollouts (namespace progressive-delivery, see
# sandbox/README.md "Argo Rollouts") for scenarios. Needs common.sh, seed.sh
# (kc, ROLLOUTS_NS, ROLLOUT_APPS) and jq. The patches are the ones the upstream
# kubectl-argo-rollouts plugin sends (pkg/kubectl-argo-rollouts/cmd/{promote,
# abort,retry} of github.com/argoproj/argo-rollouts v1.10.1): status patches
# go to the status subresource, falling back to the main resource where the
# status subresource is missing, as the plugin does.

rollouts_k() { kc -n "$ROLLOUTS_NS" "$@"; }

rollouts_require() { # NAME
  [[ " ${ROLLOUT_APPS[*]} " == *" $1 "* ]] || die "'$1' is not a seeded Rollout (one of: ${ROLLOUT_APPS[*]})"
}

# rollouts_status_patch NAME STATUS_JSON UNIFIED_JSON
rollouts_status_patch() {
  local out
  if ! out=$(rollouts_k patch rollout "$1" --subresource status --type merge -p "{\"status\":$2}" 2>&1); then
    [[ "$out" == *NotFound* || "$out" == *"not found"* ]] || die "patching the status of Rollout $1 failed: $out"
    rollouts_k patch rollout "$1" --type merge -p "$3" >/dev/null || die "patching Rollout $1 failed"
    return 1 # the unified patch was sent (the caller skips its spec patch)
  fi
}

# `kubectl argo rollouts promote NAME` (getPatches' default case)
rollout_promote() {
  rollouts_require "$1"
  local ro steps idx next paused npause ctrl inconclusive status="" unified='{"spec":{"paused":false},"status":{"pauseConditions":null}}'
  ro=$(rollouts_k get rollout "$1" -o json) || die "Rollout $1 not found in $ROLLOUTS_NS"
  steps=$(jq '.spec.strategy.canary.steps // [] | length' <<<"$ro")
  idx=$(jq -r '.status.currentStepIndex // empty' <<<"$ro")
  paused=$(jq -r '.spec.paused // false' <<<"$ro")
  npause=$(jq '.status.pauseConditions // [] | length' <<<"$ro")
  ctrl=$(jq -r '.status.controllerPause // false' <<<"$ro")
  inconclusive=$(jq -r 'if .spec.strategy.canary and .status.canary.currentStepAnalysisRunStatus.status == "Inconclusive" then "true" else "false" end' <<<"$ro")
  next=${idx:-0}; [[ -n "$idx" ]] && (( idx < steps )) && next=$((idx + 1))
  if [[ "$inconclusive" == true ]] && (( npause > 0 )) && [[ "$ctrl" == true ]]; then
    [[ -n "$idx" ]] && status="{\"pauseConditions\":null,\"controllerPause\":false,\"currentStepIndex\":$next}"
  elif (( npause > 0 )); then
    status='{"pauseConditions":null}'
  elif jq -e '.spec.strategy.canary' <<<"$ro" >/dev/null && [[ -n "$idx" ]]; then
    status="{\"pauseConditions\":null,\"currentStepIndex\":$next}"
    unified="{\"spec\":{\"paused\":false},\"status\":$status}"
  fi
  local spec=""
  [[ "$paused" == true ]] && spec='{"spec":{"paused":false}}'
  if [[ -n "$status" ]] && ! rollouts_status_patch "$1" "$status" "$unified"; then spec=""; fi
  [[ -z "$spec" ]] || rollouts_k patch rollout "$1" --type merge -p "$spec" >/dev/null || die "unpausing Rollout $1 failed"
}

# `kubectl argo rollouts promote --full NAME`
rollout_promote_full() {
  rollouts_require "$1"
  local ro spec=""
  ro=$(rollouts_k get rollout "$1" -o json) || die "Rollout $1 not found in $ROLLOUTS_NS"
  [[ "$(jq -r '.spec.paused // false' <<<"$ro")" == true ]] && spec='{"spec":{"paused":false}}'
  if [[ "$(jq -r '.status.currentPodHash' <<<"$ro")" != "$(jq -r '.status.stableRS' <<<"$ro")" ]]; then
    rollouts_status_patch "$1" '{"promoteFull":true}' '{"spec":{"paused":false},"status":{"promoteFull":true}}' || spec=""
  fi
  [[ -z "$spec" ]] || rollouts_k patch rollout "$1" --type merge -p "$spec" >/dev/null || die "unpausing Rollout $1 failed"
}

# `kubectl argo rollouts abort NAME` / `kubectl argo rollouts retry rollout NAME`
rollout_abort() { rollouts_require "$1"; rollouts_status_patch "$1" '{"abort":true}' '{"status":{"abort":true}}' || true; }
rollout_retry() { rollouts_require "$1"; rollouts_status_patch "$1" '{"abort":false}' '{"status":{"abort":false}}' || true; }

# rollout_set_version NAME VERSION: image your-registry/NAME:VERSION.0.0 and label version=VERSION
# (`kubectl argo rollouts set image` plus the label), e.g. rollout_set_version payment-service v2
rollout_set_version() {
  rollouts_require "$1"
  rollouts_k patch rollout "$1" --type json -p "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"your-registry/$1:$2.0.0\"},{\"op\":\"replace\",\"path\":\"/spec/template/metadata/labels/version\",\"value\":\"$2\"}]" >/dev/null \
    || die "setting Rollout $1 to $2 failed"
}

# rollout_next_version NAME: v2 unless the Rollout runs v2 already, then v3 (a scenario
# always starts an update, whatever the previous one left)
rollout_next_version() {
  [[ "$(rollouts_k get rollout "$1" -o jsonpath='{.spec.template.metadata.labels.version}')" == v2 ]] && echo v3 || echo v2
}

# the canary analysis's verdict: the ONE ConfigMap its web metric reads
rollouts_success_rate() { # VALUE, e.g. 0.42 (fails, < 0.95) or 0.99 (passes)
  rollouts_k patch configmap payment-service-metrics --type merge -p "{\"data\":{\"successRate\":\"$1\"}}" >/dev/null \
    || die "patching $ROLLOUTS_NS/payment-service-metrics failed"
}

# one line per Rollout: phase, step, message, stable/current hash, VirtualService weights
rollouts_summary() {
  local a
  for a in "${ROLLOUT_APPS[@]}"; do
    rollouts_k get rollout "$a" -o jsonpath="$a: {.status.phase} step={.status.currentStepIndex} abort={.status.abort} stable={.status.stableRS} current={.status.currentPodHash} {.status.message}{'\n'}" || true
  done
  rollouts_k get virtualservice payment-service -o jsonpath="payment-service VirtualService: {range .spec.http[0].route[*]}{.destination.subset}={.weight} {end}{'\n'}" || true
}

# back to the baseline: metric passing, both Rollouts on v1 (the GitOps repository's) and
# fully promoted, their Applications Synced
rollouts_reset() {
  local a i phases synced
  rollouts_success_rate 0.99
  for a in "${ROLLOUT_APPS[@]}"; do
    rollout_retry "$a"
    # Argo CD syncs the GitOps baseline back: a kubectl apply of the same manifests would
    # leave the Applications OutOfSync (another field manager owns the fields then)
    kc -n argocd patch application "$a" --type merge \
      -p '{"operation":{"initiatedBy":{"username":"sandbox-scenario"},"sync":{"revision":"HEAD"}}}' >/dev/null ||
      die "asking Argo CD to sync $a failed"
  done
  for i in $(seq 1 90); do
    phases=$(rollouts_k get rollouts -o jsonpath='{range .items[*]}{.status.phase}{" "}{end}')
    # Synced with the sync operation it asked for finished (a Running one still changes things)
    synced=$(kc -n argocd get applications -l app.kubernetes.io/part-of="$ROLLOUTS_NS" -o jsonpath='{range .items[*]}{.status.sync.status}/{.status.operationState.phase}{" "}{end}')
    [[ "$phases" == "Healthy Healthy " && "$synced" == "Synced/Succeeded Synced/Succeeded " ]] && return 0
    # going back to v1 from a finished v2 is a new update: skip its steps
    (( i % 5 == 0 )) && for a in "${ROLLOUT_APPS[@]}"; do rollout_promote_full "$a"; done
    sleep 1
  done
  rollouts_summary >&2
  die "the seeded Rollouts were not back on the baseline (Healthy, Synced by a finished sync) within 90 s: $phases/ $synced(component: argo-rollouts; log $LOG_DIR/argo-rollouts.log)"
}
