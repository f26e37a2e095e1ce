#!/usr/bin/env bash
# Runs the portal for development: frontend http://localhost:3000, backend
# http://localhost:7007, guest sign-in, the catalog under catalog/. The database is kept in
# SQLite files under .data/sqlite (app-config.start.yaml), the built TechDocs sites under
# .data/techdocs, so both survive a restart; delete .data/ to start afresh.
# When Go is available the sandbox cluster and Argo CD are started first and the
# portal is pointed at them; without Go the portal starts and says no cluster is configured.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/toolchain.sh)"

fail() { echo "start: $*" >&2; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 3000 7007; do
  if port_busy "$port"; then
    fail "port $port is already in use (another portal running? see: ss -ltnp 'sport = :$port'); stop that process and re-run make start."
  fi
done

# `repo start` resolves config paths from each package folder: pass them absolute.
configs=(--config "$PWD/app-config.yaml" --config "$PWD/app-config.start.yaml")
mkdir -p .data/sqlite
echo "start: database in $PWD/.data/sqlite (one SQLite file per plugin, kept across restarts; delete the folder to start afresh)" >&2
if sandbox_env=$(scripts/sandbox-env.sh); then
  eval "$sandbox_env"
  configs+=(--config "$SANDBOX_APP_CONFIG")
  echo "start: sandbox cluster at $SANDBOX_KUBERNETES_URL, Argo CD at $ARGOCD_SERVER" >&2
else
  echo "start: no sandbox (see the line above): the portal starts without clusters or Argo CD, and its cluster views say so." >&2
fi

exec yarn start "${configs[@]}"
