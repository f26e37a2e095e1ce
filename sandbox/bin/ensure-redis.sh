#!/usr/bin/env bash
# Make sure a redis-server binary exists (Argo CD's cache). Installs Debian's
# redis-server package with apt-get when it is missing. The sandbox starts its
# own redis on 127.0.0.1:$SANDBOX_REDIS_PORT; the Debian service is stopped/
# disabled again if the package install started it.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
command -v redis-server >/dev/null 2>&1 && exit 0
command -v apt-get >/dev/null 2>&1 || die "redis-server is missing and apt-get is not available (component: redis). Install redis-server (>= 6) yourself and re-run."
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "redis-server is missing (component: redis) and installing it needs root: run 'sudo apt-get install -y $REDIS_PACKAGE' and re-run."
  SUDO="sudo -n"
fi
log "redis-server not found: installing Debian package $REDIS_PACKAGE (apt-get update + install)"
LOGF="$SANDBOX_CACHE/logs/apt-redis.log"; mkdir -p "$(dirname "$LOGF")"
# keep the package from starting the system-wide redis service (policy-rc.d,
# the standard Debian hook); removed again right after the install
POLICY=/usr/sbin/policy-rc.d; ADDED_POLICY=0
if [[ ! -e $POLICY ]]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee $POLICY >/dev/null && $SUDO chmod 755 $POLICY && ADDED_POLICY=1
fi
trap '[[ $ADDED_POLICY == 1 ]] && $SUDO rm -f $POLICY' EXIT
if ! { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "$REDIS_PACKAGE"; } >"$LOGF" 2>&1; then
  tail -n 20 "$LOGF" >&2
  die "installing $REDIS_PACKAGE with apt-get failed (component: redis); log: $LOGF"
fi
# a package install may start the system service on 6379; the sandbox does not use it
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  $SUDO systemctl stop redis-server >/dev/null 2>&1 || true
fi
command -v redis-server >/dev/null 2>&1 || die "redis-server still not found after installing $REDIS_PACKAGE (component: redis)"
log "installed $(redis-server --version | cut -d' ' -f1-3)"
