#!/usr/bin/env bash
# Sourced by the image scripts: installs podman (with buildah and runc), debootstrap, curl and jq from
# Debian's packages when missing, and defines `pce_podman`, podman as these machines run it (vfs
# storage, cgroupfs, runc, this directory's containers.conf). Needs root for the install.

PCE_IMAGE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PCE_IMAGE_DIR/containers.conf}"

pce_install_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v buildah >/dev/null || missing+=(buildah)
  command -v runc >/dev/null || missing+=(runc)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "image: missing ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  echo "image: installing Debian's ${missing[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PCE_PODMAN=(podman --storage-driver vfs --cgroup-manager cgroupfs --runtime runc)
pce_podman() { "${PCE_PODMAN[@]}" "$@"; }
