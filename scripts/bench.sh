#!/usr/bin/env bash
# `make bench`: runs the `bench` script of every package that has one, then the page-load
# bench (scripts/bench-pageload.sh), against the sandbox (started here if needed). Each
# bench prints its figures side by side with the official plugin, the raw API or the
# development server of the same run, as ratios; nothing here asserts a timing.
# Before them: Debian's haproxy (the load bench's load balancer) and the production app
# folder (scripts/production.sh --app: backend bundle, frontend, production dependencies
# only) that the load bench's production-mode replicas run from, built once and reused by
# the page-load bench's production server.
# BENCH=<package name or "pageload"> runs only that bench, e.g. BENCH=backend.
set -uo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/toolchain.sh)"
# jest outside CI runs only the files changed since the last commit: none of the benches
export CI=true
only=${BENCH:-}

sandbox_env=$(scripts/sandbox-env.sh) || { echo "bench: the sandbox did not start; benchmarks need it." >&2; exit 1; }
eval "$sandbox_env"

if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bench: installing Debian's haproxy (apt-get)"
    DEBIAN_FRONTEND=noninteractive sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends haproxy' >/dev/null ||
      echo "bench: apt-get could not install haproxy; the load bench will say so" >&2
  else
    echo "bench: haproxy is not installed (apt-get install haproxy); the load bench needs it" >&2
  fi
fi

app_dir=""
trap '[ -n "$app_dir" ] && { chmod -R u+w "$app_dir" 2>/dev/null; rm -rf "$app_dir"; }' EXIT
if [ -z "$only" ] || [ "$only" = backend ]; then
  app_dir=$(mktemp -u /tmp/bench-production-app.XXXXXX)
  echo "=== bench: production app folder (scripts/production.sh --app)"
  if scripts/production.sh --app "$app_dir"; then
    export PRODUCTION_APP_DIR=$app_dir PRODUCTION_REUSE_BUILD=1
  else
    echo "bench: the production build failed; the load bench's production run will say so" >&2
  fi
fi

status=0
for manifest in plugins/*/package.json packages/*/package.json; do
  name=$(node -p "const p=require('./$manifest'); p.scripts && p.scripts.bench ? p.name : ''")
  [ -n "$name" ] || continue
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  echo "=== bench: $name"
  yarn workspace "$name" bench || status=1
done
if [ -z "$only" ] || [ "$only" = pageload ]; then
  echo "=== bench: page load (scripts/bench-pageload.sh)"
  scripts/bench-pageload.sh || status=1
fi
exit $status
