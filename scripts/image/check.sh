#!/usr/bin/env bash
# Runs the portal image as deploy/kustomize's Deployment does (uid 1000, read-only root
# filesystem, a tmpfs /tmp, no capabilities, no privilege escalation, the production
# config plus app-config.kubernetes.yaml mounted at /app/config) against a throw-away
# PostgreSQL from Debian's package on 127.0.0.1, and checks what deploy/README.md claims:
# ready, / serves the frontend (200, config injected, its script 200), the catalog
# without a token 401, guest sign-in refused (404), /api/auth/github/start 302 to
# GitHub. The container shares the host network and listens on 127.0.0.1 only (a
# config file layered last moves backend.listen off 0.0.0.0:7007 to a free port).
# Stops the container and PostgreSQL it started.
# Usage: scripts/image/check.sh [image]      (default: the image of build.sh)
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$root"

ensure_container_tools
ensure_commands curl=curl
image=${1:-$(portal_image)}
podman image exists "$image" || fail "no image $image: run scripts/image/build.sh first"
eval "$(scripts/toolchain.sh)"

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

# --- PostgreSQL from Debian's package, as packages/backend/src/__testUtils__/postgres.ts
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
  apt_install postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
work=$(mktemp -d /var/tmp/supply-chain-image-check.XXXXXX)
chmod 755 "$work"
name="supply-chain-image-check-$$"
pg_started=""
started_container=""
cleanup() {
  if [ -n "$started_container" ]; then
    podman logs "$name" >"$root/.tools/image/container.log" 2>&1 || true
    podman rm -f -t 10 "$name" >/dev/null 2>&1 || true
  fi
  [ -z "$pg_started" ] || runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$root/.tools/image" "$work/pg/data" "$work/pg/socket" "$work/config"
pg_port=$(free_port)
pg_password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
printf '%s\n' "$pg_password" >"$work/pg/pwfile"
chown -R postgres:postgres "$work/pg"
chmod 700 "$work/pg/data"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -U backstage --auth-host=scram-sha-256 --auth-local=peer --pwfile="$work/pg/pwfile" >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; fail "initdb failed"; }
rm -f "$work/pg/pwfile"
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" \
  -o "-p $pg_port -k $work/pg/socket -c listen_addresses=127.0.0.1" -w start >/dev/null ||
  { cat "$work/pg/postgres.log" >&2; fail "PostgreSQL did not start"; }
pg_started=1
log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

# --- configuration: the Deployment's (env from backstage-env + backstage-secrets) with
# values for this machine; the secrets are random or placeholders, never printed.
port=$(free_port)
base_url="http://127.0.0.1:$port"
cp deploy/kustomize/base/config/app-config.kubernetes.yaml "$work/config/"
cat >"$work/config/app-config.listen.yaml" <<YAML
# scripts/image/check.sh: the container shares the host network, so listen on loopback.
backend:
  listen:
    host: 127.0.0.1
    port: $port
YAML
chmod 644 "$work/config"/*
umask 077
cat >"$work/env" <<ENV
PORTAL_BASE_URL=$base_url
POSTGRES_HOST=127.0.0.1
POSTGRES_PORT=$pg_port
POSTGRES_USER=backstage
POSTGRES_PASSWORD=$pg_password
PGSSLMODE=disable
AUTH_GITHUB_CLIENT_ID=image-check-client-id
AUTH_GITHUB_CLIENT_SECRET=image-check-client-secret
ARGOCD_SERVER=http://127.0.0.1:9
ARGOCD_AUTH_TOKEN=image-check-argocd-token
ROLLOUT_ACTIONS_TOKEN=image-check-rollout-token
BACKEND_SECRET=$(head -c 32 /dev/urandom | base64)
LOG_LEVEL=info
ENV
umask 022

run_args=(--name "$name" --detach --network host --read-only --tmpfs /tmp:rw,mode=1777,size=1g
  --user 1000:1000 --cap-drop all --security-opt no-new-privileges
  --env-file "$work/env" -v "$work/config:/app/config:ro")
runtime=$(container_runtime)
[ -z "$runtime" ] || run_args+=(--runtime "$runtime")
# podman raises RLIMIT_NOFILE/NPROC above the limits of this shell by default, which
# needs CAP_SYS_RESOURCE (missing in these VMs): keep the current hard limits (nproc at
# most pid_max, the highest value runc accepted here).
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
pid_max=$(cat /proc/sys/kernel/pid_max)
[ "$nproc" = unlimited ] || [ "$nproc" -gt "$pid_max" ] && nproc=$pid_max
[ "$nofile" = unlimited ] && nofile=1048576
run_args+=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")

start=$(now)
podman run "${run_args[@]}" "$image" \
  node packages/backend --config app-config.yaml --config app-config.production.yaml \
  --config /app/config/app-config.kubernetes.yaml --config /app/config/app-config.listen.yaml >/dev/null
started_container=1
log "container $name started on $base_url, waiting for readiness"

ready=""
deadline=$(($(date +%s) + ${IMAGE_READY_TIMEOUT:-300}))
while [ "$(date +%s)" -lt "$deadline" ]; do
  if [ "$(podman inspect --format '{{.State.Running}}' "$name")" != true ]; then
    podman logs --tail 40 "$name" >&2 || true
    fail "the container exited ($(podman inspect --format '{{.State.ExitCode}}' "$name")) before it was ready"
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$base_url/.backstage/health/v1/readiness" || true)" = 200 ]; then
    ready=$(elapsed "$start")
    break
  fi
  sleep 0.5
done

passed=0
failed=0
check() { # description, command...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "  ok    $what" >&2
  else
    failed=$((failed + 1))
    echo "  FAIL  $what" >&2
  fi
}
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true; }

check "ready (/.backstage/health/v1/readiness 200) within ${IMAGE_READY_TIMEOUT:-300} s${ready:+: after $ready s}" test -n "$ready"
if [ -n "$ready" ]; then
  curl -s --max-time 10 -o "$work/index.html" -w '%{http_code}' "$base_url/" >"$work/index.status" || true
  check "/ 200" test "$(cat "$work/index.status")" = 200
  check "/ is the frontend's index.html with the runtime config injected (app.baseUrl $base_url)" \
    grep -q "$base_url" "$work/index.html"
  script=$(grep -o 'src="[^"]*/static/[^"]*\.js"' "$work/index.html" | head -n 1 | sed 's/^src="//; s/"$//')
  check "the frontend's script ${script:-(none found)} 200" test -n "$script" -a "$(status "$base_url${script#"$base_url"}")" = 200
  check "catalog without a token 401 (/api/catalog/entities)" test "$(status "$base_url/api/catalog/entities")" = 401
  check "guest sign-in refused 404 (/api/auth/guest/refresh)" test "$(status "$base_url/api/auth/guest/refresh?env=development")" = 404
  curl -s -o /dev/null -D "$work/github.headers" --max-time 10 "$base_url/api/auth/github/start?env=production" || true
  check "/api/auth/github/start 302 to github.com/login/oauth/authorize" \
    grep -qiE '^location: https://github.com/login/oauth/authorize\?' "$work/github.headers"
  check "the process runs as uid 1000" test "$(podman exec "$name" id -u)" = 1000
  check "no file under /app is owned by uid 1000 (files owned by root)" \
    test -z "$(podman exec "$name" find /app -xdev -user 1000 -print -quit)"
  check "no 'Backend startup failed' in the log" bash -c "! podman logs '$name' 2>&1 | grep -q 'Backend startup failed'"
fi
size=$(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }')
log "image $image: $size; start to ready: ${ready:-never} s"
echo "image checks: $passed passed, $failed failed" >&2
[ "$failed" = 0 ]
