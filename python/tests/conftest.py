"""The package's own tests, against the real emulator (PREFECT_CLOUD_EMULATOR_URL, or the CLI from
PREFECT_CLOUD_EMULATOR_COMMAND; scripts/test-python.sh sets the latter to this repository's build)."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import List

import pytest

pytest_plugins = ["pytester"]


@pytest.fixture
def plugin_args(pytestconfig: pytest.Config) -> List[str]:
    """How an inner pytest run loads the plugin: by itself when installed, else with -p."""
    installed = pytestconfig.pluginmanager.has_plugin("prefect_cloud_emulator")
    return [] if installed else ["-p", "prefect_cloud_emulator.plugin"]


@pytest.fixture
def write_suite(pytester: pytest.Pytester):
    """Writes an inner test file; its tests can call record(**fields) to leave a JSON line."""

    def write(body: str) -> Path:
        pytester.makepyfile(conftest=textwrap.dedent('''
            import json, os
            import pytest

            @pytest.fixture
            def record():
                def write(**fields):
                    with open(os.environ["RECORDS"], "a") as out:
                        out.write(json.dumps(fields) + "\\n")
                return write
        '''))
        return pytester.makepyfile(test_inner=textwrap.dedent(body))

    return write


def read_records(path: Path) -> List[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture(scope="session")
def emulator_command() -> str:
    """The command that starts the emulator, as the plugin would run it."""
    import os

    from prefect_cloud_emulator.plugin import COMMAND_ENV

    return os.environ.get(COMMAND_ENV) or "npx --no -- prefect-cloud-emulator"
