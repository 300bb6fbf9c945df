#!/usr/bin/env bash
# Installs Debian's chromium for the UI end-to-end tests (test/ui/), if it is not there yet.
# Only Debian's own package: never download a browser any other way. Idempotent; silent when
# chromium is already installed. Needs root (apt-get).
set -euo pipefail
# shellcheck source=scripts/apt-install.sh
. "$(dirname "$0")/apt-install.sh"

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

pce_apt_install install-chromium chromium fonts-dejavu-core
if [ ! -x /usr/bin/chromium ]; then
  echo "install-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed"
