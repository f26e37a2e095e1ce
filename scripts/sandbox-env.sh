#!/usr/bin/env bash
# Starts the sandbox (or reuses a running one) and prints the lines to eval for it:
# its exports plus SANDBOX_APP_CONFIG, the portal config that points at it.
# Exits non-zero, with the sandbox's own message on stderr, when it cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null 2>&1 || { echo "sandbox: Go is not installed; the sandbox builds its cluster and Argo CD with Go." >&2; exit 2; }
make --no-print-directory sandbox >/dev/null
state=${SANDBOX_STATE:-$PWD/.sandbox}
cat "$state/env.sh"
# The GitOps repository Argo CD syncs from (the scaffolder commits new services there).
echo "export SANDBOX_GITOPS_URL='file://$state/gitops.git'"
echo "export SANDBOX_APP_CONFIG='$PWD/app-config.sandbox.yaml'"
