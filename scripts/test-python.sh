#!/usr/bin/env bash
# `npm run test:python`: the Python package (python/) and the Python example suite
# (examples/python/), with Debian's pytest and pytest-xdist (installed when missing; root), against
# this repository's emulator (dist/, built by `npm run build`). Exits non-zero when pytest fails,
# and also when it collected no test (its exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
python=/usr/bin/python3

source scripts/apt-install.sh
if ! "$python" -c 'import pytest, xdist' 2>/dev/null; then
  pce_apt_install test:python python3-pytest python3-pytest-xdist
fi
[ -f dist/cli/main.js ] || npm run build

# The package from this checkout, as `pip install ./python` would give it (the plugin by -p,
# since no entry point is installed), and the emulator from this checkout's build.
export PYTHONPATH="$root/python/src${PYTHONPATH:+:$PYTHONPATH}"
export PREFECT_CLOUD_EMULATOR_COMMAND="node $root/dist/cli/main.js"
export PYTHONDONTWRITEBYTECODE=1
unset PREFECT_CLOUD_EMULATOR_URL

run() { # directory: pytest there; exit 5 (no tests) is a failure too
  local code=0
  (cd "$1" && "$python" -m pytest -p prefect_cloud_emulator.plugin -p no:cacheprovider -q) || code=$?
  if [ "$code" -eq 5 ]; then echo "test:python: pytest collected no test in $1" >&2; fi
  return "$code"
}

echo "test:python: python/ (the package's own tests)"
run python
echo "test:python: examples/python/ (the example suite)"
run examples/python
