"""A client for the emulator's control API (``/__emulator``) and its GraphQL endpoint.

Standard library only (``urllib``). Proxies from the environment are not used: the emulator is a
local service (a process on this machine, or a CI docker service on loopback).
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from typing import Any, Dict, List, Mapping, Optional, Union

from .errors import EmulatorUnreachable, GraphQLError, control_error
from .types import ClockState, FixtureKey, Info, LoggedRequest, MintedKey, ResetResult, SandboxInfo

#: An instant: an aware datetime, an ISO-8601 string with a timezone, or epoch milliseconds.
Instant = Union[datetime, str, int]
#: A duration: a timedelta, ISO-8601 (``P30D``), compact (``1h30m``) or milliseconds.
Duration = Union[timedelta, str, int]
#: A fixture for reset or a sandbox: a ready fixture's name or an inline fixture document.
Fixture = Union[str, Mapping[str, Any]]

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _instant(value: Instant) -> Union[str, int]:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a datetime for the emulator's clock must have a timezone")
        return value.isoformat()
    return value


def _duration(value: Duration) -> Union[str, int]:
    if isinstance(value, timedelta):
        return int(value.total_seconds() * 1000)
    return value


def _fixture_body(fixture: Optional[Fixture], generate: Optional[str], seed: Optional[int]) -> Dict[str, Any]:
    body: Dict[str, Any] = {}
    if fixture is not None:
        body["fixture"] = fixture if isinstance(fixture, str) else dict(fixture)
    if generate is not None:
        body["generate"] = generate
    if seed is not None:
        body["seed"] = seed
    return body


class Clock:
    """The emulator's clock (``/__emulator/clock``). Every method returns the clock after it."""

    def __init__(self, client: "EmulatorClient") -> None:
        self._client = client

    def state(self) -> ClockState:
        """The clock as it is."""
        return ClockState.from_json(self._client.control("GET", "/clock"))

    def now(self) -> datetime:
        """The emulator's current time."""
        return self.state().now

    def freeze(self, at: Optional[Instant] = None) -> ClockState:
        """Stop the clock at ``at``, or at the current time."""
        return ClockState.from_json(self._client.control("POST", "/clock/freeze", {} if at is None else {"at": _instant(at)}))

    def unfreeze(self) -> ClockState:
        """Let time run again from the frozen instant."""
        return ClockState.from_json(self._client.control("POST", "/clock/unfreeze"))

    def set(self, at: Instant) -> ClockState:
        """Jump to ``at``, forward or back; a frozen clock stays frozen."""
        return ClockState.from_json(self._client.control("POST", "/clock/set", {"at": _instant(at)}))

    def advance(self, by: Duration) -> ClockState:
        """Move forward by ``by`` (``"P30D"``, ``"1h30m"``, ``timedelta(days=31)``, milliseconds).
        Negative durations are refused (:class:`~prefect_cloud_emulator.errors.BadUserInput`)."""
        return ClockState.from_json(self._client.control("POST", "/clock/advance", {"by": _duration(by)}))


class EmulatorClient:
    """The controls of one emulator: the main one at its root URL, or a sandbox at
    ``<url>/sandboxes/<id>``.

    Args:
        url: the emulator's base URL, what ``PREFECT__CLOUD__API`` is set to
            (``http://127.0.0.1:4200`` or a sandbox's URL).
        admin_token: the emulator's admin token, if it was started with one.
        timeout: seconds to wait for each answer.

    Raises (from every method): :class:`~prefect_cloud_emulator.errors.ControlError` subclasses
    for the control API's errors (``BadUserInput`` with ``.field``, ``NotFound``,
    ``Unauthenticated``, ...), :class:`~prefect_cloud_emulator.errors.EmulatorUnreachable` when
    nothing answers.
    """

    def __init__(self, url: str, admin_token: Optional[str] = None, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.admin_token = admin_token
        self.timeout = timeout
        self.clock = Clock(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    @property
    def graphql_url(self) -> str:
        """``<url>/graphql``."""
        return f"{self.url}/graphql"

    @property
    def control_url(self) -> str:
        """``<url>/__emulator``."""
        return f"{self.url}/__emulator"

    # -- HTTP ------------------------------------------------------------------------------

    def request(self, method: str, url: str, body: Any = None, headers: Optional[Mapping[str, str]] = None) -> Any:
        """Send one request and return the decoded JSON answer; control API errors raise."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Accept": "application/json", **(headers or {})}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
        try:
            with _opener.open(req, timeout=self.timeout) as res:
                raw = res.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                decoded = json.loads(raw) if raw else None
            except ValueError:
                decoded = None
            if isinstance(decoded, dict) and isinstance(decoded.get("errors"), list):
                # GraphQL under a deleted sandbox: 404 with GraphQL's own error shape.
                raise GraphQLError(decoded["errors"], decoded.get("data")) from None
            raise control_error(error.code, decoded) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            raise EmulatorUnreachable(f"nothing answered at {self.url}: {getattr(error, 'reason', error)}") from None
        return json.loads(raw) if raw else None

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """A control API call: ``path`` is relative to ``/__emulator``."""
        headers = {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else None
        return self.request(method, f"{self.control_url}{path}", body, headers)

    # -- what every emulator has -----------------------------------------------------------

    def health(self) -> Dict[str, Any]:
        """``GET /health``: ``{"status": "ok", "version": ...}``."""
        return self.request("GET", f"{self.url}/health")

    def reset(self, fixture: Optional[Fixture] = None, generate: Optional[str] = None, seed: Optional[int] = None) -> ResetResult:
        """Back to the start fixture, clock included; or to another fixture (a ready fixture's
        name, an inline fixture, or ``generate`` with ``seed``), which later resets return to."""
        return ResetResult.from_json(self.control("POST", "/reset", _fixture_body(fixture, generate, seed)))

    def snapshot(self) -> Dict[str, Any]:
        """The whole state with the clock (keys only as hashes), to give to :meth:`restore`."""
        return self.control("GET", "/snapshot")

    def restore(self, snapshot: Mapping[str, Any]) -> ClockState:
        """Restore a snapshot: the state and its clock. A bad document changes nothing."""
        return ClockState.from_json(self.control("PUT", "/snapshot", dict(snapshot))["clock"])

    def mint_key(self, user_id: str, name: Optional[str] = None, expires_at: Optional[Instant] = None,
                 tenant_id: Optional[str] = None) -> MintedKey:
        """A new key for any user or service account, without logging in. ``expires_at`` is an
        instant or relative to the emulator's clock (``"+1h"``, ``"-1d"``, ``"P30D"``); past
        times give an already expired key; None never expires."""
        body: Dict[str, Any] = {"user_id": user_id}
        if name is not None:
            body["name"] = name
        if expires_at is not None:
            body["expires_at"] = _instant(expires_at)
        if tenant_id is not None:
            body["tenant_id"] = tenant_id
        return MintedKey.from_json(self.control("POST", "/keys", body))

    def fixture_keys(self) -> List[FixtureKey]:
        """The fixture's keys still in the state, with who they act as (no plaintext)."""
        return [FixtureKey.from_json(k) for k in self.control("GET", "/fixture-keys")["keys"]]

    def requests(self, limit: int = 100) -> List[LoggedRequest]:
        """The last ``limit`` GraphQL requests, newest first."""
        return [LoggedRequest.from_json(r) for r in self.control("GET", f"/requests?limit={int(limit)}")["requests"]]

    def clear_requests(self) -> None:
        """Empty the request log."""
        self.control("DELETE", "/requests")

    def graphql(self, query: str, variables: Optional[Mapping[str, Any]] = None, key: Optional[str] = None,
                tenant_id: Optional[str] = None) -> Any:
        """Send a GraphQL operation as a Prefect client would (``Authorization: Bearer <key>``)
        and return its ``data``; raises :class:`~prefect_cloud_emulator.errors.GraphQLError`
        when the answer has ``errors``."""
        headers: Dict[str, str] = {}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        if tenant_id is not None:
            headers["X-Prefect-Tenant-ID"] = tenant_id
        body: Dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = dict(variables)
        answer = self.request("POST", self.graphql_url, body, headers)
        if answer.get("errors"):
            raise GraphQLError(answer["errors"], answer.get("data"))
        return answer.get("data")

    # -- the main emulator only ------------------------------------------------------------

    def info(self) -> Info:
        """``GET /__emulator/info`` (main emulator only)."""
        return Info.from_json(self.control("GET", "/info"))

    def create_sandbox(self, id: Optional[str] = None, fixture: Optional[Fixture] = None, generate: Optional[str] = None,
                       seed: Optional[int] = None, frozen_at: Optional[Instant] = None) -> SandboxInfo:
        """A new sandbox: its own state, clock, fixture and request log. ``id``: 1-64 letters,
        digits, ``-``, ``_`` (default: a random one); the fixture defaults to the main
        emulator's; ``frozen_at`` freezes its clock there."""
        body = _fixture_body(fixture, generate, seed)
        if id is not None:
            body["id"] = id
        if frozen_at is not None:
            body["frozenAt"] = _instant(frozen_at)
        return SandboxInfo.from_json(self.control("POST", "/sandboxes", body))

    def list_sandboxes(self) -> List[SandboxInfo]:
        """Every sandbox of this emulator."""
        return [SandboxInfo.from_json(s) for s in self.control("GET", "/sandboxes")["sandboxes"]]

    def delete_sandbox(self, id: str) -> None:
        """Delete a sandbox; its routes answer 404 afterwards. Unknown ids raise ``NotFound``."""
        self.control("DELETE", f"/sandboxes/{urllib.parse.quote(id, safe='')}")

    def sandbox(self, info: Union[SandboxInfo, str]) -> "EmulatorClient":
        """A client for a sandbox of this emulator (by its info or id), with the same token."""
        sandbox_id = info.id if isinstance(info, SandboxInfo) else info
        return EmulatorClient(f"{self.url}/sandboxes/{sandbox_id}", self.admin_token, self.timeout)
