#!/usr/bin/env bash
# Start the sandbox: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok, redis, Gitea (git server), Argo CD (repo-server,
# application-controller, server), the MLModel operator, the VPA
# recommender and the Argo Rollouts controller, all on 127.0.0.1;
# seed it; print
#   export KUBECONFIG=... PATH=... ARGOCD_SERVER=... ARGOCD_AUTH_TOKEN=...
# on stdout (everything else goes to stderr), so `eval "$(sandbox/bin/up.sh)"`
# works. Already running -> prints the exports again. Stale/half-started ->
# cleans up and restarts.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$SANDBOX_DIR/lib/procs.sh"
. "$SANDBOX_DIR/lib/pki.sh"
. "$SANDBOX_DIR/lib/seed.sh"
. "$SANDBOX_DIR/lib/components.sh"

T_START=$SECONDS
mkdir -p "$SANDBOX_STATE"
exec 8>"$SANDBOX_STATE/.up.lock"
flock 8

ENV_FILE="$SANDBOX_STATE/env.sh"

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do proc_alive "$c" || return 1; done
  [[ -f "$ENV_FILE" ]] || return 1
  # a sandbox started before the rollout actions got their own account: start again
  grep -q '^export SANDBOX_ROLLOUT_ACTIONS_TOKEN=' "$ENV_FILE" || return 1
  apiserver_ready || return 1
  curl -fsS --max-time 3 "$ARGOCD_URL/healthz" >/dev/null 2>&1
}

print_exports() { grep -E '^export (KUBECONFIG|PATH|ARGOCD_SERVER|ARGOCD_AUTH_TOKEN)=' "$ENV_FILE"; }

# ---------------------------------------------------------------- already up?
if all_running; then
  log "sandbox already running (state: $SANDBOX_STATE); printing its environment"
  print_exports
  exit 0
fi
dead=() alive=()
for c in "${COMPONENTS[@]}"; do
  if [[ -f "$PID_DIR/$c.pid" ]]; then
    if proc_alive "$c"; then alive+=("$c"); else dead+=("$c"); fi
  else
    dead+=("$c")
  fi
done
if (( ${#alive[@]} )); then
  if (( ${#dead[@]} )); then
    log "found a half-started or crashed sandbox: not running: ${dead[*]}; stopping the ${#alive[@]} processes left and starting again"
  else
    log "found sandbox processes from an interrupted start (no env.sh or not ready); stopping them and starting again"
  fi
  stop_all
elif [[ -d "$PID_DIR" && -n "$(ls -A "$PID_DIR" 2>/dev/null)" ]]; then
  log "found stale pid files from a crashed sandbox (no process left); starting again"
  stop_all
fi
rm -f "$ENV_FILE"

# ------------------------------------------------------------- prerequisites
if [[ ! -f "$(bin_dir kube-apiserver "$KUBERNETES_VERSION")/.complete" || ! -f "$(bin_dir kwok "$KWOK_VERSION")/.complete" \
   || ! -f "$(bin_dir etcd "$ETCD_VERSION")/.complete" || ! -f "$(bin_dir argocd "$ARGOCD_VERSION")/.complete" \
   || ! -f "$(bin_dir kubectl "$KUBERNETES_VERSION")/.complete" || ! -f "$(bin_dir kube-scheduler "$KUBERNETES_VERSION")/.complete" \
   || ! -f "$(bin_dir kube-controller-manager "$KUBERNETES_VERSION")/.complete" \
   || ! -f "$(bin_dir argocd "$ARGOCD_VERSION")/crds/applicationset-crd.yaml" \
   || ! -f "$(bin_dir gitea "$GITEA_VERSION")/.complete" || ! -f "$(bin_dir kustomize "$KUSTOMIZE_VERSION")/.complete" \
   || ! -f "$PLATFORM_CRDS_DIR/.complete" || ! -f "$(bin_dir vpa "$VPA_VERSION")/.complete" \
   || ! -f "$(bin_dir argo-rollouts "$ARGO_ROLLOUTS_VERSION")/.complete" ]]; then
  log "some binaries are not built yet; building them first (cache: $SANDBOX_CACHE)"
  "$SANDBOX_DIR/bin/build.sh"
fi
"$SANDBOX_DIR/bin/ensure-redis.sh"

NODE_BIN=$(node_bin) || true
[[ -n "$NODE_BIN" ]] || die "Node.js >= 22 not found (component: mlmodel-operator). Run: eval \"\$(scripts/toolchain.sh)\""
[[ -d "$REPO_ROOT/node_modules/@kubernetes/client-node" ]] || die "@kubernetes/client-node is not installed (component: mlmodel-operator). Run 'yarn install' in $REPO_ROOT."
command -v git >/dev/null || die "git is not installed (component: gitops repository / argocd-repo-server)"

# ---------------------------------------------------------------------- ports
require_port etcd SANDBOX_ETCD_PORT "$SANDBOX_ETCD_PORT"
require_port "etcd (peer)" SANDBOX_ETCD_PEER_PORT "$SANDBOX_ETCD_PEER_PORT"
require_port kube-apiserver SANDBOX_APISERVER_PORT "$SANDBOX_APISERVER_PORT"
require_port kube-controller-manager SANDBOX_CONTROLLER_MANAGER_PORT "$SANDBOX_CONTROLLER_MANAGER_PORT"
require_port kube-scheduler SANDBOX_SCHEDULER_PORT "$SANDBOX_SCHEDULER_PORT"
require_port kwok SANDBOX_KWOK_PORT "$SANDBOX_KWOK_PORT"
require_port redis SANDBOX_REDIS_PORT "$SANDBOX_REDIS_PORT"
require_port gitea SANDBOX_GIT_PORT "$SANDBOX_GIT_PORT"
require_port argocd-server SANDBOX_ARGOCD_PORT "$SANDBOX_ARGOCD_PORT"
require_port "argocd-server (metrics)" SANDBOX_ARGOCD_SERVER_METRICS_PORT "$SANDBOX_ARGOCD_SERVER_METRICS_PORT"
require_port argocd-repo-server SANDBOX_ARGOCD_REPO_PORT "$SANDBOX_ARGOCD_REPO_PORT"
require_port "argocd-repo-server (metrics)" SANDBOX_ARGOCD_REPO_METRICS_PORT "$SANDBOX_ARGOCD_REPO_METRICS_PORT"
require_port "argocd-application-controller (metrics)" SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT "$SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT"
require_port "mlmodel-operator (healthz)" SANDBOX_OPERATOR_PORT "$SANDBOX_OPERATOR_PORT"
require_port "mlmodel-operator (metrics API)" SANDBOX_METRICS_PORT "$SANDBOX_METRICS_PORT"
require_port "vpa-recommender (metrics, health-check)" SANDBOX_VPA_RECOMMENDER_PORT "$SANDBOX_VPA_RECOMMENDER_PORT"
require_port "argo-rollouts (metrics)" SANDBOX_ROLLOUTS_METRICS_PORT "$SANDBOX_ROLLOUTS_METRICS_PORT"
require_port "argo-rollouts (healthz)" SANDBOX_ROLLOUTS_HEALTHZ_PORT "$SANDBOX_ROLLOUTS_HEALTHZ_PORT"

ensure_pki
ensure_kubeconfigs
# temporary folders of the processes (proc_env: <state>/tmp/<component>) start
# empty; no process of this sandbox runs at this point
rm -rf "$SANDBOX_STATE/tmp" "$SANDBOX_STATE/run"
mkdir -p "$SANDBOX_STATE/bin" "$SANDBOX_STATE/tmp"
ln -sfn "$KUBECTL_BIN" "$SANDBOX_STATE/bin/kubectl"
ln -sfn "$KWOK_BIN" "$SANDBOX_STATE/bin/kwok"
ln -sfn "$ARGOCD_BIN" "$SANDBOX_STATE/bin/argocd"
ln -sfn "$GITEA_BIN" "$SANDBOX_STATE/bin/gitea"
ln -sfn "$KUSTOMIZE_BIN" "$SANDBOX_STATE/bin/kustomize"
KUBECTL=("$KUBECTL_BIN" --kubeconfig "$SANDBOX_STATE/kubeconfig" --cache-dir "$SANDBOX_KUBECTL_CACHE")

# ------------------------------------------------- control plane and redis
log "starting etcd $ETCD_VERSION on 127.0.0.1:$SANDBOX_ETCD_PORT"
start_component etcd
wait_component etcd
log "starting kube-apiserver $KUBERNETES_VERSION on 127.0.0.1:$SANDBOX_APISERVER_PORT"
start_component kube-apiserver
wait_component kube-apiserver
# the operator starts early: it also serves the metrics APIs the apiserver aggregates
log "starting the MLModel operator (TypeScript, node $("$NODE_BIN" --version))"
start_component mlmodel-operator
log "starting kube-controller-manager, kube-scheduler and kwok $KWOK_VERSION (+ sandbox fault stages)"
start_component kube-controller-manager
start_component kube-scheduler
start_component kwok
log "starting redis ($(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')) on 127.0.0.1:$SANDBOX_REDIS_PORT"
start_component redis
log "starting Gitea $GITEA_VERSION on 127.0.0.1:$SANDBOX_GIT_PORT"
gitea_prepare
start_component gitea
wait_component redis

# ---------------------------------------------------------------- seed base
# (the controllers above come up meanwhile; their health is checked below)
seed_base

# -------------------------------------------------------- gitops repository
ensure_gitops_repo
wait_component gitea
ensure_gitea_token

# ------------------------------------------------------------------- Argo CD
seed_argocd_config
log "starting Argo CD $ARGOCD_VERSION: repo-server :$SANDBOX_ARGOCD_REPO_PORT, application-controller, server :$SANDBOX_ARGOCD_PORT"
start_component argocd-repo-server
start_component argocd-application-controller
start_component argocd-server
# the VPA recommender, once its CRDs, RBAC and token exist (seed_base)
ensure_vpa_recommender_kubeconfig
log "starting the VPA recommender $VPA_VERSION (metrics API: the MLModel operator's modelled usage)"
start_component vpa-recommender
# the Argo Rollouts controller, once its CRDs, RBAC and token exist (seed_base)
ensure_argo_rollouts_kubeconfig
log "starting the Argo Rollouts controller $ARGO_ROLLOUTS_VERSION (Istio traffic routing; healthz :$SANDBOX_ROLLOUTS_HEALTHZ_PORT)"
start_component argo-rollouts

for c in kube-controller-manager kube-scheduler kwok argocd-repo-server argocd-server argocd-application-controller mlmodel-operator vpa-recommender argo-rollouts; do
  wait_component "$c"
done

# ---------------------------------------------------- workloads + Argo apps
seed_workloads
seed_rollouts
seed_applications
wait_seeded
wait_rollouts

# ---------------------------------------------------------------- credentials
ensure_portal_token
ensure_scaffolder_token
ensure_rollout_actions_token
ensure_argocd_token
ensure_argocd_portal_token

umask 077
cat >"$ENV_FILE.tmp" <<EOE
# Written by sandbox/bin/up.sh. Source it: . $ENV_FILE
export KUBECONFIG=$SANDBOX_STATE/kubeconfig
export PATH=$SANDBOX_STATE/bin:\$PATH
export ARGOCD_SERVER=$ARGOCD_URL
export ARGOCD_AUTH_TOKEN=$(cat "$SANDBOX_STATE/argocd-token")
export SANDBOX_PORTAL_TOKEN=$(cat "$SANDBOX_STATE/portal-token")
export SANDBOX_KUBERNETES_URL=$APISERVER
export SANDBOX_CA_FILE=$SANDBOX_STATE/pki/ca.crt
export SANDBOX_SCAFFOLDER_TOKEN=$(cat "$SANDBOX_STATE/scaffolder-token")
export SANDBOX_ROLLOUT_ACTIONS_TOKEN=$(cat "$SANDBOX_STATE/rollout-actions-token")
export SANDBOX_ARGOCD_PORTAL_TOKEN=$(cat "$SANDBOX_STATE/argocd-portal-token")
export SANDBOX_GIT_URL=$GIT_URL
export SANDBOX_GIT_HOST=127.0.0.1:$SANDBOX_GIT_PORT
export SANDBOX_GIT_USER=$GITEA_ADMIN
export SANDBOX_GIT_TOKEN=$(cat "$SANDBOX_STATE/gitea-token")
export SANDBOX_GIT_GITOPS_URL=$GIT_URL/$GITEA_ORG/gitops.git
EOE
mv "$ENV_FILE.tmp" "$ENV_FILE"
log "sandbox is up in $(fmt_secs $((SECONDS - T_START))): Kubernetes $KUBERNETES_VERSION at $APISERVER, Argo CD $ARGOCD_VERSION at $ARGOCD_URL"
log "environment: $ENV_FILE (eval the lines below or source that file)"
print_exports
