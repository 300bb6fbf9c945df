#!/usr/bin/env bash
# Sourced by the scripts that install Debian packages a test needs when they are missing:
# `pce_apt_install WHO PACKAGE...` installs them with apt-get (root only; otherwise it says what
# to run and fails). Only Debian's own packages, never a download of any other kind.

pce_apt_install() {
  local who="$1"
  shift
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "$who: missing $*; run as root (or: sudo apt-get install $*)" >&2
    return 1
  fi
  echo "$who: installing Debian's $*…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
