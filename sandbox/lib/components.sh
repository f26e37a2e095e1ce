# shell=bash
# How each sandbox component is started and when it counts as ready. up.sh
# starts them all in order; bin/component.sh stops/starts one of them, so tests
# can take the apiserver or Argo CD away for real and bring it back.
# Needs common.sh and procs.sh.

# The Argo Rollouts controller (issue 20): started after the VPA recommender,
# stopped before it. Its binary, ports and CRDs are defined here (not in
# common.sh/procs.sh) so everything about it sits in this file and seed.sh.
COMPONENTS+=(argo-rollouts)
ARGO_ROLLOUTS_BIN="$(bin_dir argo-rollouts "$ARGO_ROLLOUTS_VERSION")/rollouts-controller"
SANDBOX_ROLLOUTS_METRICS_PORT="${SANDBOX_ROLLOUTS_METRICS_PORT:-$((${SANDBOX_PORT_OFFSET:-0} + 46093))}"
SANDBOX_ROLLOUTS_HEALTHZ_PORT="${SANDBOX_ROLLOUTS_HEALTHZ_PORT:-$((${SANDBOX_PORT_OFFSET:-0} + 46094))}"

APISERVER="https://127.0.0.1:$SANDBOX_APISERVER_PORT"
ARGOCD_URL="http://127.0.0.1:$SANDBOX_ARGOCD_PORT"
GIT_URL="http://127.0.0.1:$SANDBOX_GIT_PORT"
GITEA_DIR="$SANDBOX_STATE/gitea"
P="$SANDBOX_STATE/pki"
K="$SANDBOX_STATE/kubeconfigs"

apiserver_ready() {
  curl -fsS --max-time 3 --cacert "$P/ca.crt" -H "Authorization: Bearer $(cat "$P/token-admin")" "$APISERVER/readyz" >/dev/null 2>&1
}

# node_bin: Node >= 22 for the MLModel operator (the project's toolchain when the system's is older)
node_bin() {
  if command -v node >/dev/null 2>&1 && [[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 22 ]]; then
    command -v node
  elif [[ -x "$REPO_ROOT/scripts/toolchain.sh" ]]; then
    (eval "$("$REPO_ROOT/scripts/toolchain.sh")" && command -v node)
  fi
}

# The one unix socket of the sandbox: the repo-server's git ask-pass server
# (git, run by the repo-server, calls `argocd` as GIT_ASKPASS, which asks this
# socket for the credentials). Upstream's default is the fixed path
# /tmp/reposerver-ask-pass.sock, so a second sandbox took the first one's socket
# over (and left it dead when it stopped); ARGOCD_ASK_PASS_SOCK moves it here.
ARGOCD_ASKPASS_SOCK="$SANDBOX_STATE/run/argocd-askpass.sock"

argo_env() {
  local h="$SANDBOX_STATE/argocd-home"
  mkdir -p "$h/ssh" "$h/tls" "$h/gnupg" "$h/gpg-source" "$h/plugins" "$h/app-config"
  # a unix socket path is limited to 107 bytes (sun_path); say so instead of
  # letting the repo-server fail with "bind: invalid argument"
  (( ${#ARGOCD_ASKPASS_SOCK} <= 107 )) \
    || die "the state folder path is too long for the Argo CD ask-pass socket $ARGOCD_ASKPASS_SOCK (${#ARGOCD_ASKPASS_SOCK} > 107 bytes); choose a shorter SANDBOX_STATE (component: argocd-repo-server)"
  # PATH: git asks `argocd` for repository credentials (askpass), and the
  # repo-server runs `kustomize` for Kustomize sources; both from $SANDBOX_STATE/bin.
  # Every path upstream defaults to /tmp, /app/config or /home/argocd points
  # into the state folder (TMPDIR/HOME/XDG_* come from proc_env):
  ARGO_ENV=(PATH="$SANDBOX_STATE/bin:$PATH" ARGOCD_FAKE_IN_CLUSTER=true KUBECONFIG="$K/argocd.kubeconfig" ARGOCD_GPG_ENABLED=false
            HOME="$h" XDG_CONFIG_HOME="$h/.config" XDG_CACHE_HOME="$h/.cache" XDG_DATA_HOME="$h/.local/share" XDG_STATE_HOME="$h/.local/state"
            ARGOCD_ASK_PASS_SOCK="$ARGOCD_ASKPASS_SOCK"
            ARGOCD_SSH_DATA_PATH="$h/ssh" ARGOCD_TLS_DATA_PATH="$h/tls"
            ARGOCD_GNUPGHOME="$h/gnupg" ARGOCD_GPG_DATA_PATH="$h/gpg-source"
            ARGOCD_PLUGINSOCKFILEPATH="$h/plugins" ARGOCD_APP_CONF_PATH="$h/app-config"
            ARGOCD_ENABLE_PROFILER_FILE_PATH="$h/profiler.enabled")
}

# gitea_env: Gitea reads $GITEA_DIR/app.ini (written by seed.sh: gitea_config);
# HOME holds the .gitconfig its git calls use; TMPDIR its temporary files
gitea_env() {
  local h="$GITEA_DIR/home"
  mkdir -p "$h" "$GITEA_DIR/tmp"
  GITEA_ENV=(HOME="$h" XDG_CONFIG_HOME="$h/.config" XDG_CACHE_HOME="$h/.cache" XDG_DATA_HOME="$h/.local/share" XDG_STATE_HOME="$h/.local/state"
             TMPDIR="$GITEA_DIR/tmp" GITEA_WORK_DIR="$GITEA_DIR" GITEA_CUSTOM="$GITEA_DIR/custom" USER="${USER:-$(id -un)}")
}

# start_component NAME: launch one component in the background (no waiting)
start_component() {
  case "$1" in
    etcd)
      proc_start etcd "$ETCD_BIN" \
        --name sandbox --data-dir "$SANDBOX_STATE/etcd" \
        --listen-client-urls "http://127.0.0.1:$SANDBOX_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$SANDBOX_ETCD_PORT" \
        --listen-peer-urls "http://127.0.0.1:$SANDBOX_ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$SANDBOX_ETCD_PEER_PORT" \
        --initial-cluster "sandbox=http://127.0.0.1:$SANDBOX_ETCD_PEER_PORT" \
        --unsafe-no-fsync --quota-backend-bytes 2147483648 --log-level warn ;;
    kube-apiserver)
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
        --profiling=false --v=0 ;;
    mlmodel-operator)
      local node; node=$(node_bin) || true
      [[ -n "$node" ]] || die "Node.js >= 22 not found (component: mlmodel-operator). Run: eval \"\$(scripts/toolchain.sh)\""
      # it also serves the metrics APIs the apiserver aggregates; its MLModel
      # watches retry until the CRD exists
      proc_start_env mlmodel-operator "$node" -- KUBECONFIG="$K/mlmodel-operator.kubeconfig" \
        SANDBOX_OPERATOR_PORT="$SANDBOX_OPERATOR_PORT" SANDBOX_METRICS_PORT="$SANDBOX_METRICS_PORT" SANDBOX_PKI_DIR="$P" NODE_NO_WARNINGS=1 -- \
        --experimental-strip-types "$SANDBOX_DIR/mlmodel-operator/src/main.ts" ;;
    kube-controller-manager)
      proc_start kube-controller-manager "$KUBE_CONTROLLER_MANAGER_BIN" \
        --kubeconfig "$K/controller-manager.kubeconfig" \
        --authentication-kubeconfig "$K/controller-manager.kubeconfig" --authorization-kubeconfig "$K/controller-manager.kubeconfig" \
        --bind-address 127.0.0.1 --secure-port "$SANDBOX_CONTROLLER_MANAGER_PORT" --leader-elect=false \
        --service-account-private-key-file "$P/sa.key" --root-ca-file "$P/ca.crt" \
        --cluster-signing-cert-file "$P/ca.crt" --cluster-signing-key-file "$P/ca.key" \
        --use-service-account-credentials=false --controllers '*,-nodeipam' \
        --horizontal-pod-autoscaler-sync-period 15s --profiling=false --v=0 ;;
    kube-scheduler)
      proc_start kube-scheduler "$KUBE_SCHEDULER_BIN" \
        --kubeconfig "$K/scheduler.kubeconfig" \
        --authentication-kubeconfig "$K/scheduler.kubeconfig" --authorization-kubeconfig "$K/scheduler.kubeconfig" \
        --bind-address 127.0.0.1 --secure-port "$SANDBOX_SCHEDULER_PORT" --leader-elect=false --profiling=false --v=0 ;;
    kwok)
      local stages=() f
      for f in "$(bin_dir kwok "$KWOK_VERSION")"/stages/*.yaml "$SANDBOX_DIR/kwok/fault-stages.yaml"; do stages+=(-c "$f"); done
      proc_start kwok "$KWOK_BIN" "${stages[@]}" \
        --kubeconfig "$K/kwok.kubeconfig" --manage-all-nodes=true \
        --server-address "127.0.0.1:$SANDBOX_KWOK_PORT" --node-ip 10.0.0.1 --cidr 10.244.0.0/16 \
        --node-lease-duration-seconds 40 ;;
    redis)
      # TCP only (no unixsocket: Redis opens none unless told); --dir is where
      # it would write a dump, none with --save "" --appendonly no
      mkdir -p "$SANDBOX_STATE/redis"
      proc_start redis "$(command -v redis-server)" --bind 127.0.0.1 --port "$SANDBOX_REDIS_PORT" --save "" --appendonly no \
        --protected-mode yes --dir "$SANDBOX_STATE/redis" ;;
    gitea)
      gitea_env
      proc_start_env gitea "$GITEA_BIN" -- "${GITEA_ENV[@]}" -- web --config "$GITEA_DIR/app.ini" --work-path "$GITEA_DIR" ;;
    argocd-repo-server)
      argo_env
      proc_start_env argocd-repo-server "$ARGOCD_BIN" -- "${ARGO_ENV[@]}" ARGOCD_BINARY_NAME=argocd-repo-server -- \
        --address 127.0.0.1 --port "$SANDBOX_ARGOCD_REPO_PORT" --metrics-address 127.0.0.1 --metrics-port "$SANDBOX_ARGOCD_REPO_METRICS_PORT" \
        --disable-tls --redis "127.0.0.1:$SANDBOX_REDIS_PORT" --logformat text --loglevel warn ;;
    argocd-application-controller)
      argo_env
      proc_start_env argocd-application-controller "$ARGOCD_BIN" -- "${ARGO_ENV[@]}" ARGOCD_BINARY_NAME=argocd-application-controller -- \
        --repo-server "127.0.0.1:$SANDBOX_ARGOCD_REPO_PORT" --repo-server-plaintext --redis "127.0.0.1:$SANDBOX_REDIS_PORT" \
        --metrics-port "$SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT" --status-processors 4 --operation-processors 4 \
        --logformat text --loglevel warn ;;
    argocd-server)
      argo_env
      proc_start_env argocd-server "$ARGOCD_BIN" -- "${ARGO_ENV[@]}" ARGOCD_BINARY_NAME=argocd-server -- \
        --insecure --address 127.0.0.1 --port "$SANDBOX_ARGOCD_PORT" --metrics-port "$SANDBOX_ARGOCD_SERVER_METRICS_PORT" \
        --repo-server "127.0.0.1:$SANDBOX_ARGOCD_REPO_PORT" --repo-server-plaintext --redis "127.0.0.1:$SANDBOX_REDIS_PORT" \
        --dex-server "" --staticassets "$SANDBOX_STATE/argocd-home/ui" --logformat text --loglevel warn ;;
    vpa-recommender)
      # flags for a sandbox: a recommendation within a minute or two of start
      # and of a usage change (sandbox/README.md, "Vertical Pod Autoscaler")
      proc_start vpa-recommender "$VPA_RECOMMENDER_BIN" \
        --kubeconfig "$K/vpa-recommender.kubeconfig" --address "127.0.0.1:$SANDBOX_VPA_RECOMMENDER_PORT" \
        --recommender-interval 10s --storage checkpoint --memory-saver=false \
        --cpu-histogram-decay-half-life 2m --memory-histogram-decay-half-life 2m \
        --memory-aggregation-interval 1m --memory-aggregation-interval-count 5 \
        --confidence-interval-cpu 10m --confidence-interval-memory 10m \
        --leader-elect=false --v=1 ;;
    argo-rollouts)
      # its own ServiceAccount argo-rollouts/argo-rollouts (the module's
      # ClusterRole); POD_NAMESPACE: where it reads argo-rollouts-config and
      # the notification Secret. Istio VirtualServices/DestinationRules are
      # served as networking.istio.io/v1beta1 here (manifests/crds).
      proc_start_env argo-rollouts "$ARGO_ROLLOUTS_BIN" -- POD_NAMESPACE=argo-rollouts -- \
        --kubeconfig "$K/argo-rollouts.kubeconfig" \
        --metricsPort "$SANDBOX_ROLLOUTS_METRICS_PORT" --healthzPort "$SANDBOX_ROLLOUTS_HEALTHZ_PORT" \
        --istio-api-version v1beta1 --leader-elect=false --rollout-resync 60 \
        --rollout-threads 4 --analysis-threads 4 --experiment-threads 2 --service-threads 2 --ingress-threads 1 \
        --loglevel info --logformat text ;;
    *) die "unknown component '$1' (one of: ${COMPONENTS[*]})" ;;
  esac
}

# wait_component NAME: block until the component answers (names it and shows its log when it does not)
wait_component() {
  case "$1" in
    etcd) wait_for etcd 30 curl -fsS "http://127.0.0.1:$SANDBOX_ETCD_PORT/health" ;;
    kube-apiserver) wait_for kube-apiserver 90 apiserver_ready ;;
    kube-controller-manager) wait_for kube-controller-manager 30 curl -fsSk "https://127.0.0.1:$SANDBOX_CONTROLLER_MANAGER_PORT/healthz" ;;
    kube-scheduler) wait_for kube-scheduler 30 curl -fsSk "https://127.0.0.1:$SANDBOX_SCHEDULER_PORT/healthz" ;;
    kwok) wait_for kwok 30 curl -fsS "http://127.0.0.1:$SANDBOX_KWOK_PORT/healthz" ;;
    redis) wait_for redis 15 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SANDBOX_REDIS_PORT" ;;
    gitea) wait_for gitea 60 curl -fsS "$GIT_URL/api/healthz" ;;
    argocd-repo-server) wait_for argocd-repo-server 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SANDBOX_ARGOCD_REPO_PORT" ;;
    argocd-server) wait_for argocd-server 90 curl -fsS "$ARGOCD_URL/healthz" ;;
    argocd-application-controller) wait_for argocd-application-controller 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT" ;;
    mlmodel-operator) wait_for mlmodel-operator 30 curl -fsS "http://127.0.0.1:$SANDBOX_OPERATOR_PORT/healthz" ;;
    vpa-recommender) wait_for vpa-recommender 30 curl -fsS "http://127.0.0.1:$SANDBOX_VPA_RECOMMENDER_PORT/health-check" ;;
    argo-rollouts) wait_for argo-rollouts 60 curl -fsS "http://127.0.0.1:$SANDBOX_ROLLOUTS_HEALTHZ_PORT/healthz" ;;
    *) die "unknown component '$1' (one of: ${COMPONENTS[*]})" ;;
  esac
}
