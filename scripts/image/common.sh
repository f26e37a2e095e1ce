# Shared by scripts/image/*.sh (sourced): repository root, logging, and the container
# tools from Debian's packages, installed with apt-get when missing.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

log() { echo "image: $*" >&2; }
fail() {
  echo "image: $*" >&2
  exit 1
}

# The Node version of the base image is the project's (scripts/toolchain.sh).
node_version() { sed -n 's/^NODE_PACKAGE_VERSION=//p' "$root/scripts/toolchain.sh"; }

# The tag of the locally built base image (stands in for node:22-bookworm-slim).
base_image() { echo "localhost/supply-chain/node:$(node_version)-bookworm-slim"; }
# The tag of the portal image built from deploy/Dockerfile.
portal_image() { echo "localhost/supply-chain/portal-backend:${IMAGE_TAG:-dev}"; }

# apt-get install -y PACKAGE... (Debian's packages), with the dpkg lock awaited.
apt_install() {
  [ "$(id -u)" = 0 ] || fail "needs $* (Debian packages); run as root or install them: apt-get install -y $*"
  log "apt-get install -y $*"
  local out
  out=$(mktemp)
  if ! { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@"; } >"$out" 2>&1; then
    tail -n 20 "$out" >&2
    fail "apt-get install $* failed"
  fi
  rm -f "$out"
}

# apt_install the packages of the commands that are missing (command=package pairs).
ensure_commands() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# Rootful buildah/podman (we run as root on these machines); the default storage
# (/var/lib/containers/storage, overlay) is shared by both.
ensure_container_tools() {
  [ "$(id -u)" = 0 ] || fail "the image scripts run rootful buildah/podman: run them as root"
  ensure_commands buildah=buildah podman=podman
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# The OCI runtime for buildah/podman: crun (Debian's default) refuses a hybrid cgroup v1
# hierarchy ("cgroups in hybrid mode not supported"), runc works with it.
container_runtime() {
  if [ -n "${IMAGE_RUNTIME:-}" ]; then
    echo "$IMAGE_RUNTIME"
  elif [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" != cgroup2fs ]; then
    ensure_commands runc=runc
    echo runc
  fi
}
