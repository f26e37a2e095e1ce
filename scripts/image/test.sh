#!/usr/bin/env bash
# `make image`: builds the Node 22 base image (scripts/image/base.sh, skipped when up to
# date), builds deploy/Dockerfile on it with buildah (scripts/image/build.sh, layers and
# cache mounts reused) and runs the image against PostgreSQL (scripts/image/check.sh).
# Installs buildah, podman, runc, mmdebstrap and postgresql from Debian's packages when
# missing; needs root (rootful buildah/podman).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$root"
start=$(now)
image=$(scripts/image/build.sh)
scripts/image/check.sh "$image"
log "make image: $(elapsed "$start") s in all"
