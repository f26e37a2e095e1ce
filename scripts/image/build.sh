#!/usr/bin/env bash
# Builds deploy/Dockerfile with buildah on the base image of scripts/image/base.sh,
# passing this machine's registry access at build time (never into a committed file,
# never into the runtime image):
#   - the deb822 apt sources of this machine (/etc/apt/sources.list.d/*.sources) as the
#     secret apt-sources, when this machine is bookworm like the image;
#   - the CA bundle named by NODE_EXTRA_CA_CERTS (how Node trusts this machine's
#     registries) as the secret ca-certificates;
#   - yarn's npmRegistryServer as seen from the repository (YARN_NPM_REGISTRY_SERVER,
#     ~/.yarnrc.yml, .yarnrc.yml) as the build arg NPM_REGISTRY_SERVER;
#   - http(s)_proxy variables, which buildah passes on by itself.
# RUN steps use the host network (DNS and routes as on this machine). Layers and the
# apt/yarn cache mounts are kept by buildah between builds (/var/tmp/buildah-cache).
# Usage: scripts/image/build.sh          prints the image name on stdout
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$root"

ensure_container_tools
base=$(scripts/image/base.sh)
image=$(portal_image)
logdir="$root/.tools/image"
mkdir -p "$logdir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

args=(--layers --force-rm --network host --ignorefile deploy/Dockerfile.dockerignore
  --build-arg NODE_IMAGE="$base" -f deploy/Dockerfile -t "$image")
runtime=$(container_runtime)
[ -z "$runtime" ] || args+=(--runtime "$runtime")

if (. /etc/os-release && [ "${VERSION_CODENAME:-}" = bookworm ]) && ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
  for f in /etc/apt/sources.list.d/*.sources; do
    cat "$f"
    echo
  done >"$work/apt.sources"
  args+=(--secret "id=apt-sources,src=$work/apt.sources")
fi
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -s "$NODE_EXTRA_CA_CERTS" ]; then
  args+=(--secret "id=ca-certificates,src=$NODE_EXTRA_CA_CERTS")
fi
registry=${YARN_NPM_REGISTRY_SERVER:-}
if [ -z "$registry" ]; then
  eval "$(scripts/toolchain.sh)"
  registry=$(yarn config get npmRegistryServer 2>/dev/null || true)
fi
[ -z "$registry" ] || args+=(--build-arg "NPM_REGISTRY_SERVER=$registry")

log "buildah bud -f deploy/Dockerfile -t $image (on $base; log: .tools/image/build.log)"
start=$(now)
# Each line of the log starts with the seconds since the build started.
stamp() { while IFS= read -r line; do printf '[%4ss] %s\n' "$((SECONDS - t0))" "$line"; done; }
t0=$SECONDS
if ! buildah bud "${args[@]}" . 2>&1 | stamp >"$logdir/build.log"; then
  tail -n 40 "$logdir/build.log" >&2
  fail "buildah bud failed after $(elapsed "$start") s (full log: .tools/image/build.log)"
fi
# Each build with a changed source leaves ~5 GB of intermediate images; keep only the
# ones this build used (its layer cache for the next build) and remove the other
# untagged ones (children before parents, hence the passes).
keep=" $(grep -oE -- '--> (Using cache )?[0-9a-f]{11,64}' "$logdir/build.log" | grep -oE '[0-9a-f]{11,64}$' | cut -c1-11 | tr '\n' ' ') "
for _ in 1 2 3 4 5; do
  removed=0
  for id in $(podman images -a -q --no-trunc --filter dangling=true | sed 's/^sha256://'); do
    case "$keep" in *" ${id:0:11} "*) continue ;; esac
    podman rmi "$id" >/dev/null 2>&1 && removed=$((removed + 1))
  done
  [ "$removed" -gt 0 ] || break
done
size=$(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }')
log "built $image in $(elapsed "$start") s ($size)"
echo "$image"
