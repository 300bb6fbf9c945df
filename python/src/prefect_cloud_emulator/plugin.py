"""The pytest plugin: one emulator for the test session, a fresh sandbox for each test.

Fixtures:
    prefect_cloud: an :class:`~prefect_cloud_emulator.client.EmulatorClient` for the session's
        emulator. An existing one when a URL is configured (``PREFECT_CLOUD_EMULATOR_URL``,
        ``--prefect-cloud-url``, ini ``prefect_cloud_url``: a CI docker service, say); otherwise
        one started from the CLI (``PREFECT_CLOUD_EMULATOR_COMMAND``, ``--prefect-cloud-command``,
        ini ``prefect_cloud_command``; default ``npx --no -- prefect-cloud-emulator``) and stopped
        at the end. Under pytest-xdist the controller starts it once and every worker shares it.
    prefect_cloud_sandbox: a :class:`~prefect_cloud_emulator.sandbox.Sandbox` of that emulator
        for one test, named after the xdist worker, with ``PREFECT__BACKEND=cloud`` and
        ``PREFECT__CLOUD__API`` pointing at it (and Prefect's loaded config, if Prefect is
        imported); deleted afterwards, whatever the test's outcome. Configure it per test with
        ``@pytest.mark.prefect_cloud(fixture=..., generate=..., seed=..., frozen_at=...)``.

An admin token, if the emulator has one: ``PREFECT_CLOUD_EMULATOR_ADMIN_TOKEN``.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
import uuid
from typing import Any, Dict, Iterator, Optional

import pytest

from .client import EmulatorClient
from .errors import EmulatorError, EmulatorUnreachable
from .process import EmulatorProcess
from .sandbox import Sandbox, create_sandbox

URL_ENV = "PREFECT_CLOUD_EMULATOR_URL"
COMMAND_ENV = "PREFECT_CLOUD_EMULATOR_COMMAND"
TOKEN_ENV = "PREFECT_CLOUD_EMULATOR_ADMIN_TOKEN"
_WORKER_INPUT = "prefect_cloud_emulator_url"
_MARKER_OPTIONS = ("fixture", "generate", "seed", "frozen_at")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("prefect-cloud-emulator")
    group.addoption("--prefect-cloud-url", default=None, help=f"use the emulator at this URL (or ${URL_ENV})")
    group.addoption("--prefect-cloud-command", default=None,
                    help=f"start the emulator with this command (or ${COMMAND_ENV}; default: npx --no -- prefect-cloud-emulator)")
    parser.addini("prefect_cloud_url", "the emulator's URL, to use one that is already running", default=None)
    parser.addini("prefect_cloud_command", "the command that starts the emulator", default=None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "prefect_cloud(fixture=None, generate=None, seed=None, frozen_at=None): "
                                       "how prefect_cloud_sandbox makes this test's sandbox")
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_SharedAcrossWorkers(config), "prefect-cloud-emulator-xdist")


def _option(config: pytest.Config, name: str, env: str) -> Optional[str]:
    value = config.getoption(f"--prefect-cloud-{name}") or os.environ.get(env) or config.getini(f"prefect_cloud_{name}")
    return value or None


class _Emulators:
    """The session's emulator: the configured URL, the controller's (xdist), or one started here."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.process: Optional[EmulatorProcess] = None
        self.url: Optional[str] = None

    def resolve(self) -> str:
        if self.url is None:
            workerinput: Dict[str, Any] = getattr(self.config, "workerinput", {})
            self.url = _option(self.config, "url", URL_ENV) or workerinput.get(_WORKER_INPUT)
        if self.url is None:
            self.process = EmulatorProcess(_option(self.config, "command", COMMAND_ENV), cwd=str(self.config.rootpath))
            self.url = self.process.url
        return self.url

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None


class _SharedAcrossWorkers:
    """Under pytest-xdist: the controller starts the emulator once and hands its URL to every worker."""

    def __init__(self, config: pytest.Config) -> None:
        self.emulators = _Emulators(config)

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[_WORKER_INPUT] = self.emulators.resolve()

    def pytest_unconfigure(self) -> None:
        self.emulators.stop()


@pytest.fixture(scope="session")
def prefect_cloud(pytestconfig: pytest.Config) -> Iterator[EmulatorClient]:
    """The session's emulator (see the module's documentation for where it comes from)."""
    emulators = _Emulators(pytestconfig)
    try:
        client = EmulatorClient(emulators.resolve(), admin_token=os.environ.get(TOKEN_ENV))
        try:
            client.health()
        except EmulatorUnreachable as error:
            raise EmulatorUnreachable(f"{error} (from {URL_ENV} or --prefect-cloud-url?)") from None
        yield client
    finally:
        emulators.stop()


def _sandbox_id(request: pytest.FixtureRequest) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)[:30].strip("-")
    return f"{worker}-{name}-{uuid.uuid4().hex[:8]}"[:64]


@contextlib.contextmanager
def _prefect_config(sandbox: Sandbox) -> Iterator[None]:
    """Prefect reads its environment once, at import: if it is loaded, point its config here too."""
    configuration = sys.modules.get("prefect.utilities.configuration")
    if configuration is None and "prefect" in sys.modules:
        with contextlib.suppress(ImportError):
            import prefect.utilities.configuration as configuration  # type: ignore[no-redef]
    if configuration is None:
        yield
        return
    with configuration.set_temporary_config({"backend": "cloud", "cloud.api": sandbox.url}):  # type: ignore[attr-defined]
        yield


@pytest.fixture
def prefect_cloud_sandbox(prefect_cloud: EmulatorClient, request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A fresh sandbox for this test, with the environment pointing at it; deleted afterwards."""
    marker = request.node.get_closest_marker("prefect_cloud")
    options = dict(marker.kwargs) if marker else {}
    unknown = set(options) - set(_MARKER_OPTIONS)
    if unknown:
        raise pytest.UsageError(f"prefect_cloud marker: unknown option(s) {', '.join(sorted(unknown))}")
    sandbox = create_sandbox(prefect_cloud, _sandbox_id(request), **options)
    saved = {name: os.environ.get(name) for name in sandbox.env()}
    os.environ.update(sandbox.env())
    try:
        with _prefect_config(sandbox):
            yield sandbox
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        with contextlib.suppress(EmulatorError):
            sandbox.delete()
