#!/usr/bin/env bash
# Sourced by the image scripts: installs podman (with buildah and runc), debootstrap, curl and jq from
# Debian's packages when missing, and defines `pce_podman`, podman as these machines run it (vfs
# storage, cgroupfs, runc, this directory's containers.conf). Needs root for the install.

PCE_IMAGE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$PCE_IMAGE_DIR/../apt-install.sh"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PCE_IMAGE_DIR/containers.conf}"

pce_install_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v buildah >/dev/null || missing+=(buildah)
  command -v runc >/dev/null || missing+=(runc)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  pce_apt_install image "${missing[@]}"
}

PCE_PODMAN=(podman --storage-driver vfs --cgroup-manager cgroupfs --runtime runc)
pce_podman() { "${PCE_PODMAN[@]}" "$@"; }
