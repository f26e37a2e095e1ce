#!/usr/bin/env bash
# Page-load bench (part of `make bench`; issue 16): Chromium times navigation -> data
# visible on the Rollouts tab of a seed service, on an entity with 100 Deployments /
# 1,000 kwok pods, on the Rollouts overview page, and on the official Kubernetes tab of
# the same entities; cold (new browser context, empty cache) and warm; against the
# production server (scripts/production.sh --serve) and the development servers
# (`yarn start backend|app`, as the e2e run starts them) in the same run, one after the
# other. The spec (packages/app/bench/pageLoad.bench.ts) seeds the 100 Deployments in
# namespace pageload-bench of the sandbox it is given and deletes them afterwards.
# Figures and ratios only; nothing asserts a timing.
# Needs the sandbox's environment (scripts/bench.sh exports it).
# PRODUCTION_REUSE_BUILD=1 reuses the bundle scripts/bench.sh (or an earlier run) built.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
eval "$(scripts/toolchain.sh)"
[ -n "${KUBECONFIG:-}" ] || { echo "bench-pageload: KUBECONFIG is not set: run through make bench (or source the sandbox's env.sh)" >&2; exit 1; }
if [ -z "${CHROMIUM_PATH:-}" ]; then
  CHROMIUM_PATH=$(scripts/ensure-chromium.sh)
  export CHROMIUM_PATH
fi

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
prod_port=$(free_port) dev_backend_port=$(free_port) dev_app_port=$(free_port)

run=$(mktemp -d /tmp/bench-pageload.XXXXXX)
chmod 755 "$run" # the production backend's user reads the catalog file and overlay here
pids=()
cleanup() {
  local status=$?
  set +e
  for pid in "${pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
  [ $status -ne 0 ] && for log in "$run"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
  rm -rf "$run"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The entity of the 100 Deployments: only this bench registers it.
cat >"$run/catalog-pageload.yaml" <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pageload-large
  title: Page-load bench (100 Deployments)
  description: The 100 Deployments / 1,000 kwok pods scripts/bench-pageload.sh seeds and deletes.
  annotations:
    backstage.io/kubernetes-label-selector: bench.supplychain.io/pageload=large
    backstage.io/kubernetes-namespace: pageload-bench
spec:
  type: service
  lifecycle: experimental
  owner: group:default/platform-team
YAML
# Arrays replace in config: each overlay repeats its server's locations and adds the bench's.
locations() { # <catalog prefix>
  cat <<YAML
catalog:
  locations:
    - type: file
      target: $1/catalog/all.yaml
      rules:
        - allow: [Component, System, Domain, API, Resource, Location, Group, User]
    - type: file
      target: $1/templates/all.yaml
      rules:
        - allow: [Location, Template]
    - type: file
      target: $run/catalog-pageload.yaml
      rules:
        - allow: [Component]
YAML
}
locations . >"$run/app-config.pageload-production.yaml"
{
  cat <<YAML
app:
  baseUrl: http://localhost:$dev_app_port
backend:
  baseUrl: http://localhost:$dev_backend_port
  listen:
    host: 127.0.0.1
    port: $dev_backend_port
  cors:
    origin: http://localhost:$dev_app_port
YAML
  locations "$root"
} >"$run/app-config.pageload-development.yaml"
chmod 644 "$run"/*.yaml

wait_for() { # <what> <url> <log> <pid> <seconds>
  local started=$SECONDS
  until curl -fsS -o /dev/null "$2" 2>/dev/null; do
    kill -0 "$4" 2>/dev/null || { echo "bench-pageload: $1 exited before it answered (log: $3)" >&2; return 1; }
    [ $((SECONDS - started)) -lt "$5" ] || { echo "bench-pageload: $1 did not answer within $5 s" >&2; return 1; }
    sleep 2
  done
  echo "$1 answers after $((SECONDS - started)) s"
}

echo "--- pageload: production server (scripts/production.sh --serve) on $prod_port"
PRODUCTION_PORT=$prod_port PRODUCTION_EXTRA_CONFIG="$run/app-config.pageload-production.yaml" \
  setsid scripts/production.sh --serve >"$run/production.log" 2>&1 &
pids+=($!)
wait_for "production server" "http://127.0.0.1:$prod_port/.backstage/health/v1/readiness" "$run/production.log" "${pids[-1]}" 1800

echo "--- pageload: development servers (yarn start backend|app) on $dev_backend_port / $dev_app_port"
dev_configs=(--config "$root/app-config.yaml" --config "$root/e2e/app-config.e2e.yaml"
  --config "$root/app-config.sandbox.yaml" --config "$run/app-config.pageload-development.yaml")
setsid yarn start backend "${dev_configs[@]}" >"$run/dev-backend.log" 2>&1 &
pids+=($!)
wait_for "development backend" "http://127.0.0.1:$dev_backend_port/.backstage/health/v1/readiness" "$run/dev-backend.log" "${pids[-1]}" 600
setsid yarn start app "${dev_configs[@]}" >"$run/dev-app.log" 2>&1 &
pids+=($!)
wait_for "development frontend" "http://localhost:$dev_app_port" "$run/dev-app.log" "${pids[-1]}" 600

echo "--- pageload: Chromium (packages/app/bench/pageLoad.config.ts)"
PAGELOAD_PRODUCTION_URL="http://localhost:$prod_port" \
  PAGELOAD_DEVELOPMENT_URL="http://localhost:$dev_app_port" \
  PAGELOAD_DEVELOPMENT_BACKEND_URL="http://localhost:$dev_backend_port" \
  yarn playwright test -c packages/app/bench/pageLoad.config.ts
