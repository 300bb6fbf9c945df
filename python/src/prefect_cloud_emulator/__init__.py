"""pytest fixtures and a control-API client for prefect-cloud-emulator, the local emulator of
the Prefect Cloud 1.0 API-key system.

With the package installed, pytest loads the plugin by itself: use the ``prefect_cloud`` and
``prefect_cloud_sandbox`` fixtures (see :mod:`prefect_cloud_emulator.plugin`). Outside pytest,
:class:`EmulatorClient` drives any emulator and :class:`EmulatorProcess` starts one.
"""
from .client import Clock, EmulatorClient
from .errors import (
    BadRequest,
    BadUserInput,
    ControlError,
    EmulatorError,
    EmulatorStartError,
    EmulatorUnreachable,
    Forbidden,
    GraphQLError,
    NotFound,
    PayloadTooLarge,
    Unauthenticated,
)
from .process import EmulatorProcess
from .sandbox import Sandbox, create_sandbox
from .types import Caller, ClockState, FixtureKey, Info, LoggedRequest, MintedKey, ResetResult, SandboxInfo

__version__ = "0.1.0"

__all__ = [
    "BadRequest", "BadUserInput", "Caller", "Clock", "ClockState", "ControlError", "EmulatorClient", "EmulatorError",
    "EmulatorProcess", "EmulatorStartError", "EmulatorUnreachable", "FixtureKey", "Forbidden", "GraphQLError", "Info",
    "LoggedRequest", "MintedKey", "NotFound", "PayloadTooLarge", "ResetResult", "Sandbox", "SandboxInfo",
    "Unauthenticated", "create_sandbox",
]
