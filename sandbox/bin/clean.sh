#!/usr/bin/env bash
# Stop the sandbox and remove its state folder. The build cache stays.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
"$SANDBOX_DIR/bin/stop.sh"
case "$SANDBOX_STATE" in
  ""|"/"|"$HOME"|"$REPO_ROOT") die "refusing to remove SANDBOX_STATE=$SANDBOX_STATE" ;;
esac
if [[ -d "$SANDBOX_STATE" ]]; then
  rm -rf "$SANDBOX_STATE"
  log "removed $SANDBOX_STATE"
fi
