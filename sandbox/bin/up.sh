#!/usr/bin/env bash
# Start the sandbox: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok, redis, Argo CD (repo-server, application-controller,
# server) and the MLModel operator, all on 127.0.0.1; seed it; print
#   export KUBECONFIG=... PATH=... ARGOCD_SERVER=... ARGOCD_AUTH_TOKEN=...
# on stdout (everything else goes to stderr), so `eval "$(sandbox/bin/up.sh)"`
# works. Already running -> prints the exports again. Stale/half-started ->
# cleans up and restarts.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$SANDBOX_DIR/lib/procs.sh"
. "$SANDBOX_DIR/lib/pki.sh"
. "$SANDBOX_DIR/lib/seed.sh"

T_START=$SECONDS
mkdir -p "$SANDBOX_STATE"
exec 8>"$SANDBOX_STATE/.up.lock"
flock 8

ENV_FILE="$SANDBOX_STATE/env.sh"
APISERVER="https://127.0.0.1:$SANDBOX_APISERVER_PORT"
ARGOCD_URL="http://127.0.0.1:$SANDBOX_ARGOCD_PORT"

apiserver_ready() {
  curl -fsS --max-time 3 --cacert "$SANDBOX_STATE/pki/ca.crt" -H "Authorization: Bearer $(cat "$SANDBOX_STATE/pki/token-admin")" "$APISERVER/readyz" >/dev/null 2>&1
}

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do proc_alive "$c" || return 1; done
  [[ -f "$ENV_FILE" ]] || return 1
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
   || ! -f "$(bin_dir argocd "$ARGOCD_VERSION")/crds/applicationset-crd.yaml" ]]; then
  log "some binaries are not built yet; building them first (cache: $SANDBOX_CACHE)"
  "$SANDBOX_DIR/bin/build.sh"
fi
"$SANDBOX_DIR/bin/ensure-redis.sh"
REDIS_BIN=$(command -v redis-server)

NODE_BIN=""
if command -v node >/dev/null 2>&1 && [[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 22 ]]; then
  NODE_BIN=$(command -v node)
elif [[ -x "$REPO_ROOT/scripts/toolchain.sh" ]]; then
  NODE_BIN=$(eval "$("$REPO_ROOT/scripts/toolchain.sh")" && command -v node) || true
fi
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
require_port argocd-server SANDBOX_ARGOCD_PORT "$SANDBOX_ARGOCD_PORT"
require_port "argocd-server (metrics)" SANDBOX_ARGOCD_SERVER_METRICS_PORT "$SANDBOX_ARGOCD_SERVER_METRICS_PORT"
require_port argocd-repo-server SANDBOX_ARGOCD_REPO_PORT "$SANDBOX_ARGOCD_REPO_PORT"
require_port "argocd-repo-server (metrics)" SANDBOX_ARGOCD_REPO_METRICS_PORT "$SANDBOX_ARGOCD_REPO_METRICS_PORT"
require_port "argocd-application-controller (metrics)" SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT "$SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT"
require_port "mlmodel-operator (healthz)" SANDBOX_OPERATOR_PORT "$SANDBOX_OPERATOR_PORT"
require_port "mlmodel-operator (metrics API)" SANDBOX_METRICS_PORT "$SANDBOX_METRICS_PORT"

ensure_pki
ensure_kubeconfigs
mkdir -p "$SANDBOX_STATE/bin" "$SANDBOX_STATE/tmp"
ln -sfn "$KUBECTL_BIN" "$SANDBOX_STATE/bin/kubectl"
ln -sfn "$KWOK_BIN" "$SANDBOX_STATE/bin/kwok"
ln -sfn "$ARGOCD_BIN" "$SANDBOX_STATE/bin/argocd"
KUBECTL=("$KUBECTL_BIN" --kubeconfig "$SANDBOX_STATE/kubeconfig")

# ----------------------------------------------------------------- etcd
log "starting etcd $ETCD_VERSION on 127.0.0.1:$SANDBOX_ETCD_PORT"
proc_start etcd "$ETCD_BIN" \
  --name sandbox --data-dir "$SANDBOX_STATE/etcd" \
  --listen-client-urls "http://127.0.0.1:$SANDBOX_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$SANDBOX_ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$SANDBOX_ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$SANDBOX_ETCD_PEER_PORT" \
  --initial-cluster "sandbox=http://127.0.0.1:$SANDBOX_ETCD_PEER_PORT" \
  --unsafe-no-fsync --quota-backend-bytes 2147483648 --log-level warn
wait_for etcd 30 curl -fsS "http://127.0.0.1:$SANDBOX_ETCD_PORT/health"

# ----------------------------------------------------------- kube-apiserver
log "starting kube-apiserver $KUBERNETES_VERSION on 127.0.0.1:$SANDBOX_APISERVER_PORT"
P="$SANDBOX_STATE/pki"
proc_start kube-apiserver "$KUBE_APISERVER_BIN" \
  --etcd-servers "http://127.0.0.1:$SANDBOX_ETCD_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$SANDBOX_APISERVER_PORT" \
  --tls-cert-file "$P/apiserver.crt" --tls-private-key-file "$P/apiserver.key" --client-ca-file "$P/ca.crt" \
  --token-auth-file "$P/tokens.csv" --authorization-mode RBAC --anonymous-auth=false \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$P/sa.pub" --service-account-signing-key-file "$P/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 --endpoint-reconciler-type none --allow-privileged=true \
  --requestheader-client-ca-file "$P/ca.crt" --requestheader-allowed-names front-proxy-client \
  --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
  --requestheader-extra-headers-prefix X-Remote-Extra- \
  --proxy-client-cert-file "$P/front-proxy-client.crt" --proxy-client-key-file "$P/front-proxy-client.key" \
  --profiling=false --v=0
wait_for kube-apiserver 90 apiserver_ready

K="$SANDBOX_STATE/kubeconfigs"
# ---------------------------------------------------------- MLModel operator
# started early: it also serves the metrics APIs the apiserver aggregates, and
# its MLModel watches simply retry until the CRD exists
log "starting the MLModel operator (TypeScript, node $("$NODE_BIN" --version))"
proc_start_env mlmodel-operator "$NODE_BIN" -- KUBECONFIG="$K/mlmodel-operator.kubeconfig" \
  SANDBOX_OPERATOR_PORT="$SANDBOX_OPERATOR_PORT" SANDBOX_METRICS_PORT="$SANDBOX_METRICS_PORT" SANDBOX_PKI_DIR="$P" NODE_NO_WARNINGS=1 -- \
  --experimental-strip-types "$SANDBOX_DIR/mlmodel-operator/src/main.ts"

# ------------------------------------------- controller-manager, scheduler
log "starting kube-controller-manager and kube-scheduler"
proc_start kube-controller-manager "$KUBE_CONTROLLER_MANAGER_BIN" \
  --kubeconfig "$K/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$K/controller-manager.kubeconfig" --authorization-kubeconfig "$K/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$SANDBOX_CONTROLLER_MANAGER_PORT" --leader-elect=false \
  --service-account-private-key-file "$P/sa.key" --root-ca-file "$P/ca.crt" \
  --cluster-signing-cert-file "$P/ca.crt" --cluster-signing-key-file "$P/ca.key" \
  --use-service-account-credentials=false --controllers '*,-nodeipam' \
  --horizontal-pod-autoscaler-sync-period 15s --profiling=false --v=0
proc_start kube-scheduler "$KUBE_SCHEDULER_BIN" \
  --kubeconfig "$K/scheduler.kubeconfig" \
  --authentication-kubeconfig "$K/scheduler.kubeconfig" --authorization-kubeconfig "$K/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$SANDBOX_SCHEDULER_PORT" --leader-elect=false --profiling=false --v=0

# ---------------------------------------------------------------------- kwok
KWOK_STAGES=()
for f in "$(bin_dir kwok "$KWOK_VERSION")"/stages/*.yaml "$SANDBOX_DIR/kwok/fault-stages.yaml"; do KWOK_STAGES+=(-c "$f"); done
log "starting kwok $KWOK_VERSION (stages: $(cd "$(bin_dir kwok "$KWOK_VERSION")/stages" && ls | tr '\n' ' ')+ sandbox fault stages)"
proc_start kwok "$KWOK_BIN" "${KWOK_STAGES[@]}" \
  --kubeconfig "$K/kwok.kubeconfig" --manage-all-nodes=true \
  --server-address "127.0.0.1:$SANDBOX_KWOK_PORT" --node-ip 10.0.0.1 --cidr 10.244.0.0/16 \
  --node-lease-duration-seconds 40

# --------------------------------------------------------------------- redis
log "starting redis ($("$REDIS_BIN" --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')) on 127.0.0.1:$SANDBOX_REDIS_PORT"
proc_start redis "$REDIS_BIN" --bind 127.0.0.1 --port "$SANDBOX_REDIS_PORT" --save "" --appendonly no \
  --protected-mode yes --dir "$SANDBOX_STATE/tmp"
wait_for redis 15 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SANDBOX_REDIS_PORT"

# ---------------------------------------------------------------- seed base
# (the controllers above come up meanwhile; their health is checked below)
seed_base

# -------------------------------------------------------- gitops repository
ensure_gitops_repo

# ------------------------------------------------------------------- Argo CD
seed_argocd_config
ARGO_ENV=(ARGOCD_FAKE_IN_CLUSTER=true KUBECONFIG="$K/argocd.kubeconfig" ARGOCD_GPG_ENABLED=false
          TMPDIR="$SANDBOX_STATE/tmp" HOME="$SANDBOX_STATE/argocd-home"
          ARGOCD_SSH_DATA_PATH="$SANDBOX_STATE/argocd-home/ssh" ARGOCD_TLS_DATA_PATH="$SANDBOX_STATE/argocd-home/tls"
          ARGOCD_GNUPGHOME="$SANDBOX_STATE/argocd-home/gnupg")
mkdir -p "$SANDBOX_STATE/argocd-home/ssh" "$SANDBOX_STATE/argocd-home/tls" "$SANDBOX_STATE/argocd-home/gnupg"
log "starting Argo CD $ARGOCD_VERSION: repo-server :$SANDBOX_ARGOCD_REPO_PORT, application-controller, server :$SANDBOX_ARGOCD_PORT"
proc_start_env argocd-repo-server "$ARGOCD_BIN" -- "${ARGO_ENV[@]}" ARGOCD_BINARY_NAME=argocd-repo-server -- \
  --address 127.0.0.1 --port "$SANDBOX_ARGOCD_REPO_PORT" --metrics-address 127.0.0.1 --metrics-port "$SANDBOX_ARGOCD_REPO_METRICS_PORT" \
  --disable-tls --redis "127.0.0.1:$SANDBOX_REDIS_PORT" --logformat text --loglevel warn
proc_start_env argocd-application-controller "$ARGOCD_BIN" -- "${ARGO_ENV[@]}" ARGOCD_BINARY_NAME=argocd-application-controller -- \
  --repo-server "127.0.0.1:$SANDBOX_ARGOCD_REPO_PORT" --repo-server-plaintext --redis "127.0.0.1:$SANDBOX_REDIS_PORT" \
  --metrics-port "$SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT" --status-processors 4 --operation-processors 4 \
  --logformat text --loglevel warn
proc_start_env argocd-server "$ARGOCD_BIN" -- "${ARGO_ENV[@]}" ARGOCD_BINARY_NAME=argocd-server -- \
  --insecure --address 127.0.0.1 --port "$SANDBOX_ARGOCD_PORT" --metrics-port "$SANDBOX_ARGOCD_SERVER_METRICS_PORT" \
  --repo-server "127.0.0.1:$SANDBOX_ARGOCD_REPO_PORT" --repo-server-plaintext --redis "127.0.0.1:$SANDBOX_REDIS_PORT" \
  --dex-server "" --staticassets "$SANDBOX_STATE/argocd-home/ui" --logformat text --loglevel warn

wait_for kube-controller-manager 30 curl -fsSk "https://127.0.0.1:$SANDBOX_CONTROLLER_MANAGER_PORT/healthz"
wait_for kube-scheduler 30 curl -fsSk "https://127.0.0.1:$SANDBOX_SCHEDULER_PORT/healthz"
wait_for kwok 30 curl -fsS "http://127.0.0.1:$SANDBOX_KWOK_PORT/healthz"

wait_for argocd-repo-server 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SANDBOX_ARGOCD_REPO_PORT"
wait_for argocd-server 90 curl -fsS "$ARGOCD_URL/healthz"
wait_for argocd-application-controller 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT"
wait_for mlmodel-operator 30 curl -fsS "http://127.0.0.1:$SANDBOX_OPERATOR_PORT/healthz"

# ---------------------------------------------------- workloads + Argo apps
seed_workloads
seed_applications
wait_seeded

# ---------------------------------------------------------------- credentials
ensure_portal_token
ensure_argocd_token

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
EOE
mv "$ENV_FILE.tmp" "$ENV_FILE"
log "sandbox is up in $(fmt_secs $((SECONDS - T_START))): Kubernetes $KUBERNETES_VERSION at $APISERVER, Argo CD $ARGOCD_VERSION at $ARGOCD_URL"
log "environment: $ENV_FILE (eval the lines below or source that file)"
print_exports
