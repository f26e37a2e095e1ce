#!/usr/bin/env bash
# Stop exactly the processes the sandbox started (from its pid files) and
# nothing else. State (etcd data, GitOps repo, tokens) is kept for the next
# start; `sandbox/bin/clean.sh` removes it.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$SANDBOX_DIR/lib/procs.sh"
# (components.sh adds the components not in procs.sh's list, e.g. argo-rollouts)
. "$SANDBOX_DIR/lib/components.sh"
if [[ ! -d "$PID_DIR" ]] || [[ -z "$(ls -A "$PID_DIR" 2>/dev/null)" ]]; then
  log "nothing to stop (no pid files in $PID_DIR)"
  exit 0
fi
stop_all
rm -f "$SANDBOX_STATE/env.sh"
log "sandbox stopped (state kept in $SANDBOX_STATE)"
