#!/usr/bin/env bash
# `npm run test:image`: the docker image, built from the Dockerfile and run for real with podman.
# Builds it, starts it, waits until its own HEALTHCHECK reports healthy, sends an authenticated
# GraphQL request from outside, creates a key, checks the emulator started from the start-up
# snapshot the image's build made (the bin falls back without it, slower: nothing else would
# tell), runs as a non-root user and stops on SIGTERM within a few seconds, starts a new
# container on the same /data volume and finds the key still there, then removes everything it made. Installs podman, buildah, runc and
# debootstrap from Debian's packages when missing (root), and a stand-in base image when the
# registry's node image cannot be pulled (scripts/image/stand-in-node.sh). Exits non-zero on any
# failure; prints one line with the image id, its size and the seconds to healthy.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/image/podman.sh

run_id="pce-image-test-$$"
image="localhost/$run_id"
volume="$run_id-data"
containers=()
fail() { echo "test:image: FAILED: $*" >&2; exit 1; }

pce_install_tools
major="$(sed -nE 's/^ARG NODE_VERSION=([0-9]+).*/\1/p' Dockerfile | head -n 1)"
[ -n "$major" ] || fail "the Dockerfile has no ARG NODE_VERSION=<major>"
bash scripts/image/stand-in-node.sh "$major"

images_before="$(pce_podman images -q --no-trunc | sort -u)"
cleanup() {
  for c in "${containers[@]}"; do pce_podman rm -f -v -t 0 "$c" >/dev/null 2>&1 || true; done
  pce_podman volume rm -f "$volume" >/dev/null 2>&1 || true
  pce_podman rmi -f "$image" >/dev/null 2>&1 || true
  rm -rf "$work"
  # Images this build left (the build stage), never one that was there before.
  comm -13 <(echo "$images_before") <(pce_podman images -q --no-trunc | sort -u) | while read -r id; do
    [ -n "$id" ] && pce_podman rmi -f "$id" >/dev/null 2>&1 || true
  done
}
work="$(mktemp -d)"
trap cleanup EXIT

echo "test:image: building $image from the Dockerfile (node:$major-slim)…"
build_started=$SECONDS
if ! pce_podman build --format docker --network host --pull=never --layers=false -t "$image" . >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  fail "podman build"
fi
build_seconds=$((SECONDS - build_started))

# Host networking (the only kind these machines run): a free loopback port, and the emulator kept
# on loopback rather than the image's 0.0.0.0, which would be every interface of the host.
port="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
base="http://127.0.0.1:$port"
admin_key="pce_DEFAULTACMETENANTADMIN000000000000000000000"

start_container() { # name, then more `podman run` options
  local name="$1"
  shift
  containers+=("$name")
  # podman complains on stderr that it has no systemd for health-check timers: shown on failure only.
  pce_podman run -d --name "$name" --network host -v "$volume:/data" "$@" \
    -e PREFECT_EMULATOR_PORT="$port" -e PREFECT_EMULATOR_HOST=127.0.0.1 "$image" >/dev/null 2>"$work/$name.err" \
    || { cat "$work/$name.err" >&2; fail "podman run $name"; }
}

# podman runs HEALTHCHECKs from systemd timers, which these machines lack: run the image's own
# health check at its interval until podman records the container healthy.
wait_healthy() {
  local name="$1" started=$SECONDS status=""
  while [ $((SECONDS - started)) -lt 60 ]; do
    pce_podman healthcheck run "$name" >/dev/null 2>&1 || true
    status="$(pce_podman inspect --format '{{.State.Health.Status}}' "$name")"
    [ "$status" = healthy ] && return 0
    [ "$(pce_podman inspect --format '{{.State.Running}}' "$name")" = true ] || break
    sleep 1
  done
  pce_podman logs "$name" >&2 || true
  fail "$name is not healthy (status: ${status:-unknown})"
}

graphql() { # key, query
  curl -sS --fail "$base/graphql" -H 'Content-Type: application/json' -H "Authorization: Bearer $1" \
    -d "$(jq -cn --arg q "$2" '{query: $q}')"
}

stop_within() { # container, seconds: SIGTERM, then it must exit 0 within that time
  local name="$1" limit="$2" started code
  started=$(date +%s%N)
  pce_podman kill --signal TERM "$name" >/dev/null
  code="$(timeout "$limit" "${PCE_PODMAN[@]}" wait "$name" 2>/dev/null)" \
    || fail "$name did not stop within ${limit}s of SIGTERM"
  [ "$code" = 0 ] || fail "$name exited $code on SIGTERM"
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}

first="$run_id-first"
# At debug level the bin says how it started its code (the first container only).
start_container "$first" -e PREFECT_EMULATOR_LOG_LEVEL=debug
health_started=$(date +%s%N)
wait_healthy "$first"
to_healthy_ms=$(( ($(date +%s%N) - health_started) / 1000000 ))

role="$(graphql "$admin_key" '{ auth_info { role } }' | jq -r '.data.auth_info.role')"
[ "$role" = TENANT_ADMIN ] || fail "auth_info from outside the container: $role"
user_id="$(graphql "$admin_key" '{ auth_info { user_id } }' | jq -r '.data.auth_info.user_id')"
created="$(graphql "$admin_key" "mutation { create_api_key(input: { user_id: \"$user_id\", name: \"made before the restart\" }) { id key } }")"
key="$(echo "$created" | jq -r '.data.create_api_key.key')"
[[ "$key" == pce_* ]] || fail "create_api_key did not return a key"

# Read whole first: `grep -q` stops at the match, and under pipefail the writer's SIGPIPE
# would fail the check.
first_log="$(pce_podman logs "$first" 2>&1)"
grep -q 'started from its start-up snapshot' <<<"$first_log" \
  || { head -n 20 <<<"$first_log" >&2; fail "the container did not start from the image's start-up snapshot"; }

uid="$(pce_podman exec "$first" sh -c 'grep ^Uid: /proc/1/status' | awk '{print $2}')"
[ -n "$uid" ] && [ "$uid" != 0 ] || fail "the emulator runs as uid ${uid:-unknown}, not a non-root user"
user="$(pce_podman inspect --format '{{.Config.User}}' "$image")"

stop_ms="$(stop_within "$first" 5)"
curl -s --max-time 2 "$base/health" >/dev/null && fail "something still answers on $base after the stop"

second="$run_id-second"
start_container "$second"
wait_healthy "$second"
me="$(graphql "$key" '{ auth_info { user_id } }' | jq -r '.data.auth_info.user_id')"
[ "$me" = "$user_id" ] || fail "the key created before the restart no longer authenticates (got $me)"
stop_within "$second" 5 >/dev/null

id="$(pce_podman image inspect --format '{{.Id}}' "$image")"
size="$(pce_podman image inspect --format '{{.Size}}' "$image")"
stand_in="$(pce_podman image inspect --format '{{index .Labels "org.prefect-cloud-emulator.stand-in"}}' "node:$major-slim" 2>/dev/null || true)"
echo "test:image: ok: started from its start-up snapshot, user $user (uid $uid), GraphQL from outside, a key kept across containers on /data, stopped on SIGTERM in ${stop_ms} ms"
printf 'test:image: image %s, size %d MB, healthy in %d.%d s (built in %d s from node:%s-slim%s)\n' \
  "${id:0:12}" $((size / 1000000)) $((to_healthy_ms / 1000)) $((to_healthy_ms % 1000 / 100)) "$build_seconds" "$major" \
  "${stand_in:+, a stand-in from $stand_in}"
