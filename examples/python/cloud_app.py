"""The code under test of the example suite: a small piece of a team's tooling around Prefect
Cloud 1.0, as a Prefect user would write it.

- ``whoami(api_key)`` checks a key before a deployment and says clearly when it has expired.
- ``run_agent(api_key)`` registers an agent and polls for flow runs, as ``prefect agent ...
  start`` does, and stops with a reason when its key stops working (revoked, say).

It talks to ``PREFECT__CLOUD__API`` with Prefect's own ``Client`` when ``prefect`` is installed,
and otherwise sends the same GraphQL over plain HTTP, as that client does.
"""
from __future__ import annotations

import json
import os
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

try:
    import prefect  # noqa: F401  (Prefect 1.x)
    from prefect import Client
    from prefect.exceptions import AuthorizationError
except ImportError:  # the same requests, without Prefect
    Client = None  # type: ignore[assignment,misc]
    AuthorizationError = None  # type: ignore[assignment,misc]


class KeyRejected(Exception):
    """Prefect Cloud refused the API key; ``reason`` says why (expired, revoked, ...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Identity:
    user_id: str
    tenant_id: str
    role: str


class _PlainClient:
    """The Prefect client's requests, by hand: GraphQL POSTed to the API with a bearer key."""

    def __init__(self, api_key: str) -> None:
        self.api = os.environ["PREFECT__CLOUD__API"].rstrip("/")
        self.api_key = api_key

    def graphql(self, query: str, variables: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        body = json.dumps({"query": query, "variables": json.dumps(variables or {})}).encode()
        request = urllib.request.Request(self.api, data=body, headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read())
        errors = answer.get("errors")
        if errors:
            if any((e.get("extensions") or {}).get("code") == "UNAUTHENTICATED" for e in errors):
                raise KeyRejected(errors[0]["message"])
            raise RuntimeError(errors[0]["message"])
        return answer["data"]


class _PrefectClient:
    """The same, through Prefect's ``Client`` (which reads ``PREFECT__CLOUD__API`` itself)."""

    def __init__(self, api_key: str) -> None:
        self.client = Client(api_key=api_key)

    def graphql(self, query: str, variables: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        try:
            return self.client.graphql(query, variables=variables, retry_on_api_error=False)["data"]
        except AuthorizationError as error:
            raise KeyRejected(str(error.args[0][0]["message"]) if error.args and error.args[0] else str(error)) from None


def connect(api_key: str) -> Any:
    """A client for Prefect Cloud: Prefect's when installed, plain HTTP otherwise."""
    return _PrefectClient(api_key) if Client is not None else _PlainClient(api_key)


def whoami(api_key: str) -> Identity:
    """Who the key acts as. Raises KeyRejected with Prefect Cloud's reason when it does not work."""
    info = connect(api_key).graphql("query { auth_info { user_id tenant_id role } }")["auth_info"]
    return Identity(user_id=info["user_id"], tenant_id=info["tenant_id"], role=info["role"])


def check_before_deploy(api_key: str) -> str:
    """What a deployment script prints first: ok, or what to do about the key."""
    try:
        identity = whoami(api_key)
    except KeyRejected as rejected:
        if "expired" in rejected.reason.lower():
            return "API key expired: create a new one with `prefect auth create-key`"
        return f"API key refused: {rejected.reason}"
    return f"ok: deploying as a {identity.role} of tenant {identity.tenant_id}"


@dataclass
class AgentRun:
    agent_id: str
    polls: int
    stopped_because: Optional[str]


def run_agent(api_key: str, labels: List[str], max_polls: int = 10, between_polls: Any = None) -> AgentRun:
    """Register an agent and poll for ready flow runs as Prefect's agents do; stop when the key
    stops working. ``between_polls(n)`` runs after poll n (a real agent sleeps there)."""
    cloud = connect(api_key)
    tenant_id = cloud.graphql("query { auth_info { tenant_id } }")["auth_info"]["tenant_id"]
    agent_id = cloud.graphql(
        "mutation($input: register_agent_input!) { register_agent(input: $input) { id } }",
        {"input": {"type": "LocalAgent", "name": "example-agent", "labels": labels, "tenant_id": tenant_id}},
    )["register_agent"]["id"]
    polls = 0
    while polls < max_polls:
        try:
            before = (datetime.now(timezone.utc) + timedelta(seconds=10)).isoformat()
            cloud.graphql(
                "mutation($input: get_runs_in_queue_input!) { get_runs_in_queue(input: $input) { flow_run_ids } }",
                {"input": {"before": before, "labels": labels, "tenant_id": tenant_id, "agent_id": agent_id}},
            )
        except KeyRejected as rejected:
            return AgentRun(agent_id=agent_id, polls=polls, stopped_because=rejected.reason)
        polls += 1
        if between_polls is not None:
            between_polls(polls)
    return AgentRun(agent_id=agent_id, polls=polls, stopped_because=None)
