#!/usr/bin/env bash
# Stop or start ONE component of a running sandbox, for tests that take the
# apiserver or Argo CD away for real and bring it back:
#   sandbox/bin/component.sh stop kube-apiserver
#   sandbox/bin/component.sh start kube-apiserver   # returns once it answers again
#   sandbox/bin/component.sh restart argocd-server
# Only pids recorded in <state>/pids are signalled (see lib/procs.sh).
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$SANDBOX_DIR/lib/procs.sh"
. "$SANDBOX_DIR/lib/components.sh"

usage() { echo "usage: $0 stop|start|restart <component>  (components: ${COMPONENTS[*]})" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1 name=$2
[[ " ${COMPONENTS[*]} " == *" $name "* ]] || { echo "unknown component '$name'" >&2; usage; }
[[ -f "$SANDBOX_STATE/env.sh" ]] || die "the sandbox in $SANDBOX_STATE is not up; run 'make sandbox' first"

do_stop() { proc_stop "$name"; }
do_start() {
  if proc_alive "$name"; then log "$name is already running"; return 0; fi
  start_component "$name"
  wait_component "$name"
  log "started $name (pid $(proc_pid "$name"))"
}
case "$action" in
  stop) do_stop ;;
  start) do_start ;;
  restart) do_stop; do_start ;;
  *) usage ;;
esac
