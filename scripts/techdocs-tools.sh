#!/usr/bin/env bash
# Installs what TechDocs' local builder runs (techdocs.generator.runIn: local): mkdocs and
# mkdocs-techdocs-core from PyPI, pinned in scripts/techdocs-requirements.txt, into a
# Python venv at .tools/mkdocs (git-ignored), and writes .tools/bin/mkdocs, which
# scripts/toolchain.sh puts on PATH (so the backend of `make start` and of the e2e run
# finds it). Re-running is cheap: nothing happens while the stamp matches.
# Usage: scripts/techdocs-tools.sh   (scripts/install.sh runs it)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.tools/mkdocs"
requirements="$root/scripts/techdocs-requirements.txt"
stamp="$venv/.supply-chain-stamp"

fail() { echo "techdocs-tools: $*" >&2; exit 1; }

command -v python3 >/dev/null 2>&1 ||
  fail "no python3: install Python 3.9 or later (Debian: apt-get install python3 python3-venv), then re-run."
want=$( (python3 --version; cat "$requirements") | sha256sum | cut -d' ' -f1)
# .tools/bin/mkdocs: the venv's mkdocs, without Material's banner about MkDocs 2.0 on
# every build (it would fill the backend's log).
link() {
  mkdir -p "$root/.tools/bin"
  rm -f "$root/.tools/bin/mkdocs"
  printf '#!/bin/sh\nNO_MKDOCS_2_WARNING=true exec "%s" "$@"\n' "$venv/bin/mkdocs" >"$root/.tools/bin/mkdocs"
  chmod +x "$root/.tools/bin/mkdocs"
}
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$venv/bin/mkdocs" --version >/dev/null 2>&1; then
  link
  exit 0
fi

echo "techdocs-tools: installing mkdocs and mkdocs-techdocs-core into .tools/mkdocs" >&2
rm -rf "$venv"
python3 -m venv "$venv" >&2 ||
  fail "python3 -m venv failed: install the venv module (Debian: apt-get install python3-venv), then re-run."
log=$(mktemp)
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$requirements" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "pip could not install scripts/techdocs-requirements.txt (full log: $log); check access to PyPI (pip config list)."
fi
rm -f "$log"
"$venv/bin/mkdocs" --version >/dev/null || fail "mkdocs does not run from .tools/mkdocs"
link
echo "$want" >"$stamp"
