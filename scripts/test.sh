#!/usr/bin/env bash
# `make test`: every check and test tier, each timed, then a summary. Exits non-zero
# if any step failed; later steps still run so one report shows everything.
set -uo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/toolchain.sh)"
export CI=${CI:-true} # jest and playwright: no watch mode, no interactive reporters

logs=$(mktemp -d)
names=() results=() times=()

step() {
  local name=$1
  shift
  echo "=== $name: $*"
  local start=$SECONDS
  # Process substitution, not a pipe: the command runs in this shell, so a step can export.
  if "$@" > >(tee "$logs/$name.log") 2>&1; then
    results+=(passed)
  else
    results+=(FAILED)
  fi
  names+=("$name")
  times+=($((SECONDS - start)))
}

# CI installs with --immutable; this catches a yarn.lock that was not committed with a manifest change.
step lockfile yarn install --immutable --mode=skip-build
step typecheck yarn tsc
step lint yarn backstage-cli repo lint
step format yarn prettier --check '**/*.{ts,tsx,js,mjs,cjs}'
step single-backstage-copy node scripts/check-backstage-duplicates.mjs
step unit-and-plugin yarn backstage-cli repo test --testPathIgnorePatterns '\.integration\.test\.tsx?$'
# The sandbox (real kube-apiserver, Argo CD, git) serves the e2e and integration tiers.
# A running one is reused; one started here is stopped at the end.
sandbox_was_running=false
make --no-print-directory sandbox-status 2>/dev/null | grep -qE '^kube-apiserver +[0-9]+ +running' && sandbox_was_running=true
start_sandbox() {
  local exports
  exports=$(scripts/sandbox-env.sh) || return 1
  echo "$exports" | sed -E 's/(TOKEN=).*/\1<hidden>/'
  eval "$exports"
}
step sandbox start_sandbox
sandbox_up=${results[-1]}

if CHROMIUM_PATH=$(scripts/ensure-chromium.sh); then
  export CHROMIUM_PATH
  step e2e yarn playwright test
else
  names+=(e2e) results+=(FAILED) times+=(0)
fi
step production scripts/production.sh # the production build (NODE_ENV=production, PostgreSQL) in Chromium

if [ "$sandbox_up" = passed ]; then
  step integration yarn backstage-cli repo test --runInBand --testPathPatterns '\.integration\.test\.tsx?$'
  $sandbox_was_running || make --no-print-directory sandbox-stop >/dev/null 2>&1
else
  echo "=== integration: not run, the sandbox did not start (see the sandbox step)"
  names+=(integration) results+=(FAILED) times+=(0)
fi

# CI shows only the end of this output: under each failed step, name what failed
# (playwright's ✘ lines, jest's ● test headers, tsc and eslint errors).
what_failed() {
  [ -f "$1" ] || return 0
  sed -E 's/\x1b\[[0-9;]*m//g' "$1" |
    grep -aE '^ +✘ |^ *● |error TS[0-9]+|^ +[0-9]+:[0-9]+ +error ' | grep -av '● Console' |
    awk '!seen[$0]++' | tail -n 8 | sed 's/^ */      /'
}

passed=0 failed=0
echo
echo "=== summary"
for i in "${!names[@]}"; do
  printf '  %-22s %-7s %4ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
  if [ "${results[$i]}" = passed ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    what_failed "$logs/${names[$i]}.log"
  fi
done
[ $failed -gt 0 ] && echo "logs of failed steps: $logs"
echo "steps: $passed passed, $failed failed"
[ $failed -eq 0 ]
