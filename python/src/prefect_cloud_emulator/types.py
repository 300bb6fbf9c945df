"""What the control API answers, as typed, read-only values.

Each ``from_json`` reads the emulator's JSON (snake_case or camelCase, as the route sends it).
Key plaintexts are kept out of ``repr`` so that an assertion message or a log line never shows one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional


def parse_instant(value: Optional[str]) -> Optional[datetime]:
    """An ISO-8601 instant from the emulator (always with a timezone) as an aware datetime."""
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True)
class ClockState:
    """The emulator's clock: what time it says, whether it is frozen, and how far a running
    clock is ahead of the machine's (``offset_ms``, negative when behind)."""

    now: datetime
    frozen: bool
    offset_ms: int

    @classmethod
    def from_json(cls, body: Dict[str, Any]) -> "ClockState":
        return cls(now=parse_instant(body["now"]), frozen=bool(body["frozen"]), offset_ms=int(body["offsetMs"]))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Info:
    """``GET /__emulator/info``: version, what ``reset`` returns to, the data file, sandbox count."""

    version: str
    fixture: str
    data_file: Optional[str]
    sandboxes: int

    @classmethod
    def from_json(cls, body: Dict[str, Any]) -> "Info":
        return cls(version=body["version"], fixture=body["fixture"], data_file=body.get("dataFile"), sandboxes=int(body.get("sandboxes", 0)))


@dataclass(frozen=True)
class ResetResult:
    """``POST /__emulator/reset``: the fixture now in force and the clock after the reset."""

    fixture: str
    clock: ClockState

    @classmethod
    def from_json(cls, body: Dict[str, Any]) -> "ResetResult":
        return cls(fixture=body["fixture"], clock=ClockState.from_json(body["clock"]))


@dataclass(frozen=True)
class MintedKey:
    """A key minted with ``POST /__emulator/keys``. ``key`` is the plaintext, given only here."""

    id: str
    key: str = field(repr=False)
    name: str
    user_id: str
    tenant_id: str
    expires_at: Optional[datetime]

    @classmethod
    def from_json(cls, body: Dict[str, Any]) -> "MintedKey":
        return cls(id=body["id"], key=body["key"], name=body["name"], user_id=body["user_id"],
                   tenant_id=body["tenant_id"], expires_at=parse_instant(body.get("expires_at")))


@dataclass(frozen=True)
class FixtureKey:
    """A fixture's key still in the state, by ``ref``, with who it acts as (metadata only:
    the control API never gives a stored key back)."""

    ref: str
    id: str
    name: str
    user_id: str
    username: str
    account_type: str
    tenant_id: str
    tenant_slug: str
    role_name: str
    expires_at: Optional[datetime]

    @classmethod
    def from_json(cls, body: Dict[str, Any]) -> "FixtureKey":
        return cls(ref=body["ref"], id=body["id"], name=body["name"], user_id=body["userId"], username=body["username"],
                   account_type=body["accountType"], tenant_id=body["tenantId"], tenant_slug=body["tenantSlug"],
                   role_name=body["roleName"], expires_at=parse_instant(body.get("expiresAt")))


@dataclass(frozen=True)
class Caller:
    """Who sent a logged GraphQL request."""

    user_id: str
    username: str
    account_type: str
    tenant_id: str
    tenant_slug: str
    role: str

    @classmethod
    def from_json(cls, body: Dict[str, Any]) -> "Caller":
        return cls(user_id=body["userId"], username=body["username"], account_type=body["accountType"],
                   tenant_id=body["tenantId"], tenant_slug=body["tenantSlug"], role=body["role"])


@dataclass(frozen=True)
class LoggedRequest:
    """One entry of the request log (GraphQL requests only; never a header, variable or key)."""

    at: datetime
    operation_name: Optional[str]
    operation_type: Optional[str]
    fields: List[str]
    caller: Optional[Caller]
    outcome: str
    error_code: Optional[str]
    duration_ms: float

    @classmethod
    def from_json(cls, body: Dict[str, Any]) -> "LoggedRequest":
        caller = body.get("caller")
        return cls(at=parse_instant(body["at"]), operation_name=body.get("operationName"),  # type: ignore[arg-type]
                   operation_type=body.get("operationType"), fields=list(body.get("fields", [])),
                   caller=Caller.from_json(caller) if caller else None, outcome=body["outcome"],
                   error_code=body.get("errorCode"), duration_ms=float(body.get("durationMs", 0)))


@dataclass(frozen=True)
class SandboxInfo:
    """A sandbox: an isolated emulator under ``/sandboxes/<id>/`` of the same process."""

    id: str
    fixture: str
    url: str
    graphql_url: str
    control_url: str

    @classmethod
    def from_json(cls, body: Dict[str, Any]) -> "SandboxInfo":
        return cls(id=body["id"], fixture=body["fixture"], url=body["url"], graphql_url=body["graphqlUrl"], control_url=body["controlUrl"])
