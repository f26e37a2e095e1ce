# shellcheck shell=bash
# Process bookkeeping: every process the sandbox starts gets
#   $SANDBOX_STATE/pids/<component>.pid   its pid
#   $SANDBOX_STATE/pids/<component>.start its start time (/proc/<pid>/stat field 22)
#   $SANDBOX_STATE/logs/<component>.log   stdout+stderr
# stop only ever signals a pid whose start time still matches, so a recycled
# pid is never killed. (Matching the executable path instead missed processes
# whose binary was replaced while they ran: /proc/<pid>/exe then ends in
# " (deleted)", and stop left them running.)

PID_DIR="$SANDBOX_STATE/pids"
LOG_DIR="$SANDBOX_STATE/logs"

# the order components start in; stop goes backwards
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok redis gitea
            argocd-repo-server argocd-application-controller argocd-server mlmodel-operator vpa-recommender)

proc_pid() { [[ -f "$PID_DIR/$1.pid" ]] && cat "$PID_DIR/$1.pid"; }

# proc_start_time PID -> the process's start time in clock ticks since boot
proc_start_time() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }

# proc_alive NAME -> 0 if the recorded pid is still the process we started
proc_alive() {
  local pid start; pid=$(proc_pid "$1") || return 1
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  start=$(cat "$PID_DIR/$1.start" 2>/dev/null) || return 1
  [[ -n "$start" && "$(proc_start_time "$pid")" == "$start" ]]
}

# proc_record NAME PID: write the bookkeeping files for a process just started
proc_record() {
  echo "$2" >"$PID_DIR/$1.pid"
  proc_start_time "$2" >"$PID_DIR/$1.start"
}

# proc_env NAME -> PROC_ENV: the environment every process starts with, so
# that whatever it writes to a temporary folder, $HOME or an XDG folder stays
# in this sandbox's state folder (two sandboxes with their own state folders
# share no path; see sandbox/README.md, "Two sandboxes side by side"):
#   TMPDIR          <state>/tmp/<component>   (emptied by up.sh on a full start)
#   HOME, XDG_*     <state>/home (Gitea and Argo CD override it with their own)
#   XDG_RUNTIME_DIR <state>/run               (the ask-pass socket lives here)
proc_env() {
  local t="$SANDBOX_STATE/tmp/$1" h="$SANDBOX_STATE/home"
  mkdir -p "$t" "$h" "$SANDBOX_STATE/run"
  chmod 700 "$SANDBOX_STATE/run"
  PROC_ENV=(TMPDIR="$t" HOME="$h" XDG_CONFIG_HOME="$h/.config" XDG_CACHE_HOME="$h/.cache"
            XDG_DATA_HOME="$h/.local/share" XDG_STATE_HOME="$h/.local/state" XDG_RUNTIME_DIR="$SANDBOX_STATE/run")
}

# proc_start NAME EXE [ARGS...]
proc_start() {
  local name="$1" exe="$2"; shift 2
  proc_start_env "$name" "$exe" -- -- "$@"
}

# proc_start_env NAME EXE -- ENV=... -- ARGS...  (ENV=... after proc_env's, so they win)
proc_start_env() {
  local name="$1" exe="$2"; shift 3
  local envs=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do envs+=("$1"); shift; done
  shift
  mkdir -p "$PID_DIR" "$LOG_DIR"
  proc_env "$name"
  [[ -f "$LOG_DIR/$name.log" ]] && mv -f "$LOG_DIR/$name.log" "$LOG_DIR/$name.log.prev"
  # setsid: own session, so Ctrl-C in the calling shell does not kill it
  env "${PROC_ENV[@]}" "${envs[@]}" setsid "$exe" "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null 8>&- 9>&- &
  proc_record "$name" $!
}

proc_stop() {
  local name="$1" pid
  pid=$(proc_pid "$name") || return 0
  if proc_alive "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$PID_DIR/$name.pid" "$PID_DIR/$name.start"
}

stop_all() {
  # TERM everything we started (newest first) at once, then wait/KILL each
  local i c pid
  local -a names=() pids=()
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    c=${COMPONENTS[$i]}
    pid=$(proc_pid "$c") || continue
    if proc_alive "$c"; then
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$c"); pids+=("$pid")
    else
      rm -f "$PID_DIR/$c.pid" "$PID_DIR/$c.start"
    fi
  done
  for i in "${!pids[@]}"; do
    local n
    for n in $(seq 1 100); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "${pids[$i]}" 2>/dev/null; then kill -KILL "${pids[$i]}" 2>/dev/null || true; fi
    rm -f "$PID_DIR/${names[$i]}.pid" "$PID_DIR/${names[$i]}.start"
  done
  (( ${#names[@]} )) && log "stopped ${names[*]}"
  return 0
}

# port_busy PORT -> 0 if something listens on 127.0.0.1:PORT
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require_port COMPONENT VAR PORT
require_port() {
  if port_busy "$3"; then
    local who=""
    who=$(ss -ltnpH "sport = :$3" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\),pid=\([0-9]*\).*/\1 pid \2/p' | head -1)
    die "port 127.0.0.1:$3 for $1 is already in use${who:+ by $who}. Stop that process or choose another port: export $2=<free port> (see sandbox/README.md, Ports)."
  fi
}

# wait_for COMPONENT TIMEOUT_S CMD... ; on timeout: name the component and show its log tail
wait_for() {
  local name="$1" timeout="$2"; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if [[ -f "$PID_DIR/$name.pid" ]] && ! proc_alive "$name"; then
      printf '[sandbox] ERROR: %s exited during start-up. Last lines of %s:\n' "$name" "$LOG_DIR/$name.log" >&2
      tail -n 25 "$LOG_DIR/$name.log" >&2 || true
      die "$name failed to start (full log: $LOG_DIR/$name.log). The rest of the sandbox is left running; 'make sandbox-stop' stops it, 'make sandbox' retries."
    fi
    if (( SECONDS - start > timeout )); then
      printf '[sandbox] ERROR: %s not ready after %ss. Last lines of %s:\n' "$name" "$timeout" "$LOG_DIR/$name.log" >&2
      tail -n 25 "$LOG_DIR/$name.log" >&2 || true
      die "$name did not become ready (full log: $LOG_DIR/$name.log)"
    fi
    sleep 0.5
  done
}
