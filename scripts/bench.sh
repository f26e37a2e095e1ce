#!/usr/bin/env bash
# `make bench`: runs the `bench` script of every package that has one, against the
# sandbox (started here if needed). Each bench prints its figures side by side with
# the official plugin or the raw API of the same run, as ratios; nothing here asserts
# a timing.
set -uo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/toolchain.sh)"
# jest outside CI runs only the files changed since the last commit: none of the benches
export CI=true

sandbox_env=$(scripts/sandbox-env.sh) || { echo "bench: the sandbox did not start; benchmarks need it." >&2; exit 1; }
eval "$sandbox_env"

status=0
for manifest in plugins/*/package.json packages/*/package.json; do
  name=$(node -p "const p=require('./$manifest'); p.scripts && p.scripts.bench ? p.name : ''")
  [ -n "$name" ] || continue
  echo "=== bench: $name"
  yarn workspace "$name" bench || status=1
done
exit $status
