# shellcheck shell=bash
# Shared helpers for the sandbox scripts. Source it; it sets:
#   SANDBOX_DIR   the sandbox/ folder of the checkout
#   REPO_ROOT     the checkout
#   SANDBOX_CACHE per-user build cache (binaries keyed by version)
#   SANDBOX_STATE the ONE folder holding all runtime state
# and loads versions.env and the port settings.
set -o pipefail

SANDBOX_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$SANDBOX_DIR/.." && pwd)"
# shellcheck source=../versions.env
. "$SANDBOX_DIR/versions.env"

SANDBOX_CACHE="${SANDBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/supply-chain-portal/sandbox}"
SANDBOX_STATE="${SANDBOX_STATE:-$REPO_ROOT/.sandbox}"
# a relative SANDBOX_STATE is relative to the repository root (as in the
# harness); made absolute because Gitea refuses a relative work path
SANDBOX_STATE="$(cd "$REPO_ROOT" && realpath -m -- "$SANDBOX_STATE")"

# Ports (all on 127.0.0.1). Chosen in the 46xxx range to stay away from the
# usual suspects (3000/7007 portal, 5432, 6379, 8080, 2379, 6443 ...).
# SANDBOX_PORT_OFFSET shifts every default at once, so a second sandbox (own
# SANDBOX_STATE) can run beside the first, e.g. for a benchmark.
O="${SANDBOX_PORT_OFFSET:-0}"
SANDBOX_ETCD_PORT="${SANDBOX_ETCD_PORT:-$((O + 46379))}"
SANDBOX_ETCD_PEER_PORT="${SANDBOX_ETCD_PEER_PORT:-$((O + 46380))}"
SANDBOX_APISERVER_PORT="${SANDBOX_APISERVER_PORT:-$((O + 46443))}"
SANDBOX_CONTROLLER_MANAGER_PORT="${SANDBOX_CONTROLLER_MANAGER_PORT:-$((O + 46257))}"
SANDBOX_SCHEDULER_PORT="${SANDBOX_SCHEDULER_PORT:-$((O + 46259))}"
SANDBOX_KWOK_PORT="${SANDBOX_KWOK_PORT:-$((O + 46247))}"
SANDBOX_REDIS_PORT="${SANDBOX_REDIS_PORT:-$((O + 46378))}"
SANDBOX_ARGOCD_PORT="${SANDBOX_ARGOCD_PORT:-$((O + 46080))}"
SANDBOX_ARGOCD_REPO_PORT="${SANDBOX_ARGOCD_REPO_PORT:-$((O + 46081))}"
SANDBOX_ARGOCD_REPO_METRICS_PORT="${SANDBOX_ARGOCD_REPO_METRICS_PORT:-$((O + 46084))}"
SANDBOX_ARGOCD_SERVER_METRICS_PORT="${SANDBOX_ARGOCD_SERVER_METRICS_PORT:-$((O + 46083))}"
SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT="${SANDBOX_ARGOCD_CONTROLLER_METRICS_PORT:-$((O + 46082))}"
SANDBOX_GIT_PORT="${SANDBOX_GIT_PORT:-$((O + 46418))}"
SANDBOX_OPERATOR_PORT="${SANDBOX_OPERATOR_PORT:-$((O + 46090))}"
SANDBOX_METRICS_PORT="${SANDBOX_METRICS_PORT:-$((O + 46091))}"
SANDBOX_VPA_RECOMMENDER_PORT="${SANDBOX_VPA_RECOMMENDER_PORT:-$((O + 46092))}"

K8S_MINOR_VERSION="v0.${KUBERNETES_VERSION#v1.}" # v1.36.3 -> v0.36.3

log()  { printf '[sandbox %3ss] %s\n' "$SECONDS" "$*" >&2; }
warn() { printf '[sandbox] WARNING: %s\n' "$*" >&2; }
die()  { printf '[sandbox] ERROR: %s\n' "$*" >&2; exit 1; }

# bin_dir NAME VERSION -> cache folder of one component
bin_dir() { printf '%s/%s-%s' "$SANDBOX_CACHE" "$1" "$2"; }

KUBE_APISERVER_BIN="$(bin_dir kube-apiserver "$KUBERNETES_VERSION")/kube-apiserver"
KUBE_CONTROLLER_MANAGER_BIN="$(bin_dir kube-controller-manager "$KUBERNETES_VERSION")/kube-controller-manager"
KUBE_SCHEDULER_BIN="$(bin_dir kube-scheduler "$KUBERNETES_VERSION")/kube-scheduler"
KUBECTL_BIN="$(bin_dir kubectl "$KUBERNETES_VERSION")/kubectl"
# kubectl's discovery/HTTP cache for the scripts' own kubectl calls (default
# ~/.kube/cache, outside the state folder)
SANDBOX_KUBECTL_CACHE="$SANDBOX_STATE/home/.kube/cache"
ETCD_BIN="$(bin_dir etcd "$ETCD_VERSION")/etcd"
KWOK_BIN="$(bin_dir kwok "$KWOK_VERSION")/kwok"
ARGOCD_BIN="$(bin_dir argocd "$ARGOCD_VERSION")/argocd"
GITEA_BIN="$(bin_dir gitea "$GITEA_VERSION")/gitea"
KUSTOMIZE_BIN="$(bin_dir kustomize "$KUSTOMIZE_VERSION")/kustomize"
VPA_RECOMMENDER_BIN="$(bin_dir vpa "$VPA_VERSION")/vpa-recommender"
# the VPA module's own deploy/ manifests (vpa-v1-crd-gen.yaml, vpa-rbac.yaml), copied by build.sh
VPA_DEPLOY_DIR="$(bin_dir vpa "$VPA_VERSION")/deploy"
# upstream ServiceMonitor / ExternalSecret CRDs (build.sh: ensure_platform_crds)
PLATFORM_CRDS_DIR="$(bin_dir platform-crds "prometheus-operator-${PROMETHEUS_OPERATOR_VERSION}-external-secrets-${EXTERNAL_SECRETS_VERSION}")"

fmt_secs() { local s=$1; printf '%dm%02ds' $((s / 60)) $((s % 60)); }
