#!/usr/bin/env bash
# Installs Debian's chromium for the UI end-to-end tests (test/ui/), if it is not there yet.
# Only Debian's own package: never download a browser any other way. Idempotent; silent when
# chromium is already installed. Needs root (apt-get).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: /usr/bin/chromium is missing and this is not root; run: sudo $0" >&2
  exit 1
fi

echo "install-chromium: installing Debian's chromium package (this takes a while)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
if [ ! -x /usr/bin/chromium ]; then
  echo "install-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) installed"
