#!/usr/bin/env bash
# Report the pinned versions and what the cached binaries say about themselves.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
show() { # NAME PINNED CMD...
  local name=$1 pinned=$2; shift 2
  local got
  if got=$("$@" 2>/dev/null | head -n 1); then :; else got="(not built)"; fi
  printf '%-26s %-10s %s\n' "$name" "$pinned" "$got"
}
printf '%-26s %-10s %s\n' COMPONENT PINNED "BINARY REPORTS"
show kube-apiserver "$KUBERNETES_VERSION" "$KUBE_APISERVER_BIN" --version
show kube-controller-manager "$KUBERNETES_VERSION" "$KUBE_CONTROLLER_MANAGER_BIN" --version
show kube-scheduler "$KUBERNETES_VERSION" "$KUBE_SCHEDULER_BIN" --version
show kubectl "$KUBERNETES_VERSION" bash -c "'$KUBECTL_BIN' version --client | head -1"
show etcd "$ETCD_VERSION" "$ETCD_BIN" --version
show kwok "$KWOK_VERSION" "$KWOK_BIN" --version
show argocd "$ARGOCD_VERSION" env ARGOCD_BINARY_NAME=argocd "$ARGOCD_BIN" version --client --short
show kustomize "$KUSTOMIZE_VERSION" "$KUSTOMIZE_BIN" version
# the VPA binaries have no --version flag (they log it at start); the build stamp says what was built
show vpa-recommender "$VPA_VERSION" sed -n 's/^version=\(.*\)/\1 (build stamp)/p' "$(bin_dir vpa "$VPA_VERSION")/.complete"
show argo-rollouts "$ARGO_ROLLOUTS_VERSION" "$(bin_dir argo-rollouts "$ARGO_ROLLOUTS_VERSION")/rollouts-controller" --version
show redis-server "(debian)" redis-server --version
printf 'cache: %s\n' "$SANDBOX_CACHE"
