#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the end-to-end tests (playwright-core
# drives it; test tools' own browser downloads cannot reach their hosts). Prints its path.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "e2e: installing Debian's chromium (apt-get)" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 ||
      { echo "e2e: apt-get could not install chromium; install it (apt-get install chromium) or set CHROMIUM_PATH." >&2; exit 1; }
  else
    echo "e2e: no Chromium at $CHROMIUM; install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi
echo "$CHROMIUM"
