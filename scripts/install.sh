#!/usr/bin/env bash
# Installs what `make start` and `make test` need: a supported Node.js, the vendored
# yarn, mkdocs for TechDocs (scripts/techdocs-tools.sh), and the workspace dependencies
# (native addons built from source). Re-running is cheap: yarn is skipped while yarn.lock
# and the manifests are unchanged, mkdocs while its pinned requirements are.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/toolchain.sh)"

fail() { echo "install: $*" >&2; exit 1; }

scripts/techdocs-tools.sh

stamp=node_modules/.supply-chain-install-stamp
want=$( (node --version; cat yarn.lock package.json $(find packages plugins sandbox -maxdepth 3 -name package.json -not -path '*/node_modules/*' 2>/dev/null | sort)) | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

echo "install: yarn install (first run takes a few minutes)" >&2
log=$(mktemp)
immutable=()
[ "${CI:-}" = "true" ] && immutable=(--immutable)
if ! yarn install "${immutable[@]}" >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  fail "yarn install failed (full log: $log). If a native addon failed to build, check that gcc, g++, make and python3 are installed."
fi
rm -f "$log"

# better-sqlite3 is the database of `make start` and the tests: prove it loads.
if ! (cd packages/backend && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()") 2>/dev/null; then
  fail "better-sqlite3 did not build against Node $(node --version): run 'yarn rebuild better-sqlite3' and read its output (needs gcc, g++, make, python3)."
fi
echo "$want" >"$stamp"
