#!/usr/bin/env bash
# Show which sandbox processes run, their ports and the cluster's state.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$SANDBOX_DIR/lib/procs.sh"
# (components.sh adds the components not in procs.sh's list, e.g. argo-rollouts)
. "$SANDBOX_DIR/lib/components.sh"
printf '%-32s %-8s %s\n' COMPONENT PID STATE
for c in "${COMPONENTS[@]}"; do
  pid=$(proc_pid "$c" 2>/dev/null || true)
  if proc_alive "$c"; then st=running; elif [[ -n "$pid" ]]; then st="DEAD (stale pid file)"; else st="not started"; fi
  printf '%-32s %-8s %s\n' "$c" "${pid:--}" "$st"
done
if [[ -f "$SANDBOX_STATE/kubeconfig" ]] && proc_alive kube-apiserver; then
  K=("$KUBECTL_BIN" --kubeconfig "$SANDBOX_STATE/kubeconfig" --cache-dir "$SANDBOX_KUBECTL_CACHE")
  echo; "${K[@]}" get nodes 2>&1 || true
  echo; "${K[@]}" -n supply-chain get deployments,mlmodels 2>&1 || true
  echo; "${K[@]}" -n argocd get applications 2>&1 || true
  echo; "${K[@]}" -n progressive-delivery get rollouts,analysisruns 2>&1 || true
fi
