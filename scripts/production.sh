#!/usr/bin/env bash
# `make test` step "production": the portal as a company deploys it, tested in Chromium.
#
#  1. build: `yarn build:backend` in this clone (the backend bundle and the frontend it
#     serves, as deploy/Dockerfile does);
#  2. deps: the skeleton's production dependencies only (`yarn workspaces focus --all
#     --production`), in a separate folder, cached by the skeleton's and yarn.lock's hash;
#  3. app folder: bundle + production node_modules + app-config.yaml,
#     app-config.production.yaml, the sandbox config, the test overlay
#     e2e/app-config.production-test.yaml, catalog/ and templates/, owned by root and not
#     writable by the user the backend runs as (checked);
#  4. TechDocs: the seed docs generated and published (scripts/techdocs-publish.mjs), as a
#     deployment's CI does for the production config's external builder;
#     PostgreSQL from Debian's package, on 127.0.0.1, in a temp folder;
#  5. `node packages/backend` with NODE_ENV=production as an unprivileged user, on
#     127.0.0.1:$PRODUCTION_PORT, against the sandbox cluster, Argo CD and Gitea;
#  6. Playwright against it (playwright.production.config.ts).
# Everything it starts is stopped on exit. Needs the sandbox's environment (make test's
# sandbox step exports it; by hand: `source .sandbox/env.sh`).
# Usage: scripts/production.sh [playwright test arguments]   e.g. -g 'Argo CD'
#        scripts/production.sh --serve   (steps 1-5, then serves until Ctrl-C)
#        scripts/production.sh --app DIR (steps 1-3, the app folder moved to DIR; for
#                                         the load bench's production-mode replicas)
# PRODUCTION_EXTRA_CONFIG=<file>: one more config, layered last (the page-load bench's
# catalog entity); it and what it names must be readable by the backend's user.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
eval "$(scripts/toolchain.sh)"

port=${PRODUCTION_PORT:-7200}
base_url="http://localhost:$port"
cache=${PRODUCTION_CACHE:-$root/node_modules/.cache/production}
results="$root/e2e-test-results/production"
app_user=portal-production

phase_name="" phase_start=$SECONDS
phase() {
  [ -n "$phase_name" ] && echo "--- production: $phase_name done in $((SECONDS - phase_start))s"
  phase_name=$1 phase_start=$SECONDS
  echo "--- production: $1"
}
fail() {
  echo "production: FAILED${phase_name:+ in \"$phase_name\"}: $*" >&2
  exit 1
}
# Runs a command with its output in a log; on failure shows the log's end and fails.
logged() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "$* (full log: $log)"
  fi
}

for var in KUBECONFIG SANDBOX_KUBERNETES_URL SANDBOX_CA_FILE SANDBOX_PORTAL_TOKEN \
  SANDBOX_ROLLOUT_ACTIONS_TOKEN SANDBOX_ARGOCD_PORTAL_TOKEN ARGOCD_SERVER SANDBOX_GIT_URL; do
  [ -n "${!var:-}" ] || fail "$var is not set: start the sandbox and 'source .sandbox/env.sh' (make test does both)"
done
command -v kubectl >/dev/null || fail "kubectl is not on PATH (the sandbox's env.sh puts it there)"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  fail "port $port is in use: stop what listens there or set PRODUCTION_PORT"
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  CHROMIUM_PATH=$(scripts/ensure-chromium.sh) || fail "no Chromium"
  export CHROMIUM_PATH
fi

rm -rf "$results"
mkdir -p "$results" "$cache"
run=$(mktemp -d /tmp/portal-production.XXXXXX)
chmod 755 "$run"
app="$run/app"
backend_pid="" pg_bin="" pg_dir=""

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  local status=$?
  set +e
  if [ -n "$backend_pid" ] && kill -0 "$backend_pid" 2>/dev/null; then
    kill -TERM -- "-$backend_pid" 2>/dev/null
    for _ in $(seq 30); do kill -0 "$backend_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$backend_pid" 2>/dev/null
  fi
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w -t 30 stop >/dev/null 2>&1
  fi
  [ -f "$run/backend.log" ] && cp "$run/backend.log" "$results/backend.log"
  [ -f "$pg_dir/postgres.log" ] && cp "$pg_dir/postgres.log" "$results/postgres.log"
  rm -rf "$run"
  if [ $status -ne 0 ] && [ -f "$results/backend.log" ]; then
    echo "--- production: last warnings and errors in the backend's log ($results/backend.log)" >&2
    grep -E '"level":"(warn|error)"' "$results/backend.log" | grep -v 'backend.baseUrl is set to a localhost URL' | tail -n 30 >&2
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

phase "build (yarn build:backend)"
if [ "${PRODUCTION_REUSE_BUILD:-}" = 1 ] && [ -f packages/backend/dist/bundle.tar.gz ]; then
  echo "PRODUCTION_REUSE_BUILD=1: the bundle of an earlier build (by hand only; make test always builds)"
else
  logged "$results/build.log" yarn build:backend
fi
[ -f packages/app/dist/index.html.tmpl ] || fail "the frontend build left no packages/app/dist/index.html.tmpl"

phase "production dependencies of the skeleton (yarn workspaces focus --all --production)"
skeleton="$run/skeleton"
mkdir -p "$skeleton"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$skeleton"
key=$( (node --version; cat yarn.lock .yarnrc.yml package.json; cd "$skeleton" && find . -type f | sort | xargs cat) | sha256sum | cut -c1-16)
deps="$cache/deps-$key"
if [ -f "$deps/.complete" ]; then
  echo "cached: $deps"
else
  rm -rf "$cache"/deps-* # one cached install at a time
  mkdir -p "$deps.partial"
  cp -a .yarn .yarnrc.yml backstage.json yarn.lock package.json "$deps.partial/"
  rm -rf "$deps.partial/.yarn/cache" "$deps.partial/.yarn/install-state.gz"
  cp -a "$skeleton/." "$deps.partial/"
  # The skeleton lacks the dev-only workspaces, so yarn rewrites the lockfile: not immutable.
  (cd "$deps.partial" && export YARN_ENABLE_IMMUTABLE_INSTALLS=false && logged "$results/deps.log" yarn workspaces focus --all --production)
  (cd "$deps.partial/packages/backend" && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()") ||
    fail "better-sqlite3 does not load in the production install (see $results/deps.log)"
  touch "$deps.partial/.complete"
  mv "$deps.partial" "$deps"
fi
echo "production node_modules: $(du -sh --apparent-size "$deps" | cut -f1) in $deps"
for dev_only in @backstage/cli @playwright/test jest eslint prettier webpack @rspack/core @swc/core; do
  [ ! -e "$deps/node_modules/$dev_only" ] || fail "the production install has the development dependency $dev_only"
done

phase "app folder $app (read-only for the backend's user)"
mkdir -p "$app"
tar xzf packages/backend/dist/bundle.tar.gz -C "$app"
(cd "$deps" && find . -name node_modules -prune -type d) | while read -r dir; do
  mkdir -p "$app/$(dirname "$dir")"
  # hard links when the cache is on the same file system (instant), else a copy
  cp -al "$deps/$dir" "$app/$dir" 2>/dev/null || cp -a "$deps/$dir" "$app/$dir"
done
cp app-config.yaml app-config.production.yaml app-config.sandbox.yaml e2e/app-config.production-test.yaml "$app/"
cp -r catalog templates "$app/"
extra_config=()
if [ -n "${PRODUCTION_EXTRA_CONFIG:-}" ]; then
  cp "$PRODUCTION_EXTRA_CONFIG" "$app/app-config.extra.yaml"
  extra_config=(--config app-config.extra.yaml)
fi
cp "$SANDBOX_CA_FILE" "$run/sandbox-ca.crt" # the sandbox's pki/ is private to its owner
chmod 644 "$run/sandbox-ca.crt"

work="$run/work" # HOME, TMPDIR, scaffolder and TechDocs working folder: the only writable place
mkdir -p "$work"
if [ "$(id -u)" = 0 ]; then
  if ! id -u "$app_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$app_user" 2>/dev/null ||
      app_user=nobody
  fi
  run_as=(setpriv --reuid="$(id -u "$app_user")" --regid="$(id -g "$app_user")" --clear-groups --)
  chown -R root:root "$app"
  chmod -R u+rwX,go+rX,go-w "$app"
  chown "$app_user:$(id -gn "$app_user")" "$work"
  chmod 700 "$work"
else
  # Not root: no other user to switch to; the app files are made read-only instead.
  app_user=$(id -un)
  run_as=()
  chmod -R a-w "$app"
fi
as_app() { "${run_as[@]}" "$@"; }
echo "backend user: $app_user ($(as_app id -u)), app files owned by $(stat -c %U "$app/packages/backend/package.json")"
for target in "$app/app-config.yaml" "$app/packages/backend/dist/index.cjs.js" "$app/node_modules/pg/package.json"; do
  if as_app sh -c "echo tampered >> '$target'" 2>/dev/null; then
    fail "$app_user could write $target"
  fi
done
as_app mkdir "$app/new-folder" 2>/dev/null && fail "$app_user could create a folder in $app"
as_app touch "$work/probe" || fail "$app_user cannot write its working folder $work"
echo "write attempts of $app_user on the app files refused (app-config.yaml, the backend bundle, node_modules, a new folder)"

if [ "${1:-}" = --app ]; then
  [ -n "${2:-}" ] && [ ! -e "$2" ] || fail "--app needs a folder that does not exist yet"
  mv "$app" "$2"
  phase_name="" # nothing failed: the cleanup's log hints are not wanted
  echo "--- production: app folder in $2"
  exit 0
fi

phase "TechDocs: the seed docs generated and published into $work/techdocs, as a deployment's CI does"
# app-config.production.yaml builds no docs (techdocs.builder: external); the test overlay's
# local publisher reads $PORTAL_WORK_DIR/techdocs
logged "$results/techdocs.log" node scripts/techdocs-publish.mjs "$work/techdocs"
tail -n 1 "$results/techdocs.log"
[ "$(id -u)" = 0 ] && chown -R "$app_user:$(id -gn "$app_user")" "$work/techdocs"

phase "PostgreSQL (Debian's package) on 127.0.0.1"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  [ "$(id -u)" = 0 ] || fail "PostgreSQL is not installed: apt-get install postgresql"
  echo "installing Debian's postgresql (apt-get)"
  logged "$results/apt.log" env DEBIAN_FRONTEND=noninteractive sh -c 'apt-get update -qq && apt-get install -y -qq postgresql'
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pg_bin" ] || fail "apt-get installed no PostgreSQL"
fi
pg_dir="$run/postgres"
pg_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
pg_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
mkdir -p "$pg_dir/data" "$pg_dir/socket"
echo "$pg_password" >"$pg_dir/pwfile"
chmod 700 "$pg_dir/data"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$pg_dir"
logged "$results/initdb.log" as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U backstage \
  --auth-host=scram-sha-256 --auth-local=peer --pwfile="$pg_dir/pwfile"
rm -f "$pg_dir/pwfile"
logged "$results/pg_ctl.log" as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir/socket -c listen_addresses=127.0.0.1" start
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

phase "backend: node packages/backend, NODE_ENV=production, as $app_user on 127.0.0.1:$port"
node_bin=$(readlink -f "$(command -v node)")
# A clean environment: only what the production configuration and the sandbox need.
backend_env=(
  PATH="$(dirname "$node_bin"):/usr/bin:/bin"
  HOME="$work" TMPDIR="$work"
  NODE_ENV=production
  NODE_OPTIONS=--no-node-snapshot
  PORTAL_BASE_URL="$base_url" PRODUCTION_PORT="$port" PORTAL_WORK_DIR="$work"
  BACKEND_SECRET="$(head -c 32 /dev/urandom | base64)"
  POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$pg_port" POSTGRES_USER=backstage POSTGRES_PASSWORD="$pg_password"
  # GitHub sign-in stays configured as in production; it is never completed in the test.
  AUTH_GITHUB_CLIENT_ID=production-test-client AUTH_GITHUB_CLIENT_SECRET=production-test-secret
  ARGOCD_SERVER="$ARGOCD_SERVER"
  SANDBOX_KUBERNETES_URL="$SANDBOX_KUBERNETES_URL" SANDBOX_CA_FILE="$run/sandbox-ca.crt"
  SANDBOX_PORTAL_TOKEN="$SANDBOX_PORTAL_TOKEN" SANDBOX_ROLLOUT_ACTIONS_TOKEN="$SANDBOX_ROLLOUT_ACTIONS_TOKEN"
  SANDBOX_ARGOCD_PORTAL_TOKEN="$SANDBOX_ARGOCD_PORTAL_TOKEN"
  SANDBOX_SCAFFOLDER_TOKEN="${SANDBOX_SCAFFOLDER_TOKEN:-}"
  SANDBOX_GIT_URL="$SANDBOX_GIT_URL" SANDBOX_GIT_HOST="${SANDBOX_GIT_HOST:-}" SANDBOX_GIT_USER="${SANDBOX_GIT_USER:-}"
  SANDBOX_GIT_TOKEN="${SANDBOX_GIT_TOKEN:-}" SANDBOX_GIT_GITOPS_URL="${SANDBOX_GIT_GITOPS_URL:-}"
)
(
  cd "$app"
  exec setsid env -i "${backend_env[@]}" "${run_as[@]}" "$node_bin" packages/backend \
    --config app-config.yaml --config app-config.production.yaml \
    --config app-config.sandbox.yaml --config app-config.production-test.yaml "${extra_config[@]}"
) >"$run/backend.log" 2>&1 &
backend_pid=$!
started=$SECONDS
until curl -fsS -o /dev/null "http://127.0.0.1:$port/.backstage/health/v1/readiness" 2>/dev/null; do
  kill -0 "$backend_pid" 2>/dev/null || fail "the backend exited before it was ready"
  grep -qiE 'startup failed|threw an error during startup' "$run/backend.log" && fail "the backend logged a startup failure"
  [ $((SECONDS - started)) -lt 300 ] || fail "the backend was not ready within 300s"
  sleep 1
done
echo "ready after $((SECONDS - started))s"
echo "process: $(ps -o user=,args= -p "$backend_pid" | cut -c1-160)"
status=$(curl -s -o "$run/index.html" -w '%{http_code}' "http://127.0.0.1:$port/")
[ "$status" = 200 ] && grep -q '<div id="root">' "$run/index.html" || fail "GET / answered $status, not the frontend"
echo "GET / 200: the built frontend, served by the backend"

if [ "${1:-}" = --serve ]; then
  echo "serving $base_url until Ctrl-C (or: PRODUCTION_BASE_URL=$base_url yarn playwright test -c playwright.production.config.ts)"
  wait "$backend_pid" || true
  fail "the backend exited"
fi

phase "Chromium against the production server (playwright.production.config.ts)"
PRODUCTION_BASE_URL="$base_url" yarn playwright test -c playwright.production.config.ts "$@" ||
  fail "Playwright specs failed against the production server (report: node_modules/.cache/e2e-test-report-production/, logs: $results/)"
phase "stop"
