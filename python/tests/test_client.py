"""The control-API client against the real emulator: each test in its own sandbox."""
from __future__ import annotations

import socket
from datetime import datetime, timedelta, timezone

import pytest

from prefect_cloud_emulator import (
    BadUserInput,
    EmulatorClient,
    EmulatorProcess,
    EmulatorStartError,
    EmulatorUnreachable,
    GraphQLError,
    NotFound,
    Sandbox,
    Unauthenticated,
)

START = datetime(2030, 1, 1, tzinfo=timezone.utc)
WHO_AM_I = "{ auth_info { user_id role } }"


@pytest.mark.prefect_cloud(frozen_at=START)
def test_clock_freeze_advance_set_unfreeze(prefect_cloud_sandbox: Sandbox) -> None:
    clock = prefect_cloud_sandbox.clock
    assert clock.state().frozen and clock.now() == START
    assert clock.advance("P30D").now == START + timedelta(days=30)
    assert clock.advance(timedelta(hours=1, minutes=30)).now == START + timedelta(days=30, hours=1, minutes=30)
    assert clock.advance(1500).now == START + timedelta(days=30, hours=1, minutes=30, seconds=1.5)
    assert clock.set("2031-06-01T12:00:00+02:00").now == datetime(2031, 6, 1, 10, tzinfo=timezone.utc)
    assert clock.freeze(START).now == START
    running = clock.unfreeze()
    assert not running.frozen and running.now >= START


@pytest.mark.prefect_cloud(frozen_at=START)
def test_clock_errors_name_the_field_and_change_nothing(prefect_cloud_sandbox: Sandbox) -> None:
    with pytest.raises(BadUserInput) as error:
        prefect_cloud_sandbox.clock.advance("-P1D")
    assert (error.value.status, error.value.code, error.value.field) == (400, "BAD_USER_INPUT", "by")
    assert "clock/set" in error.value.message
    with pytest.raises(BadUserInput) as bad_at:
        prefect_cloud_sandbox.clock.set("next tuesday")
    assert bad_at.value.field == "at"
    with pytest.raises(ValueError, match="timezone"):
        prefect_cloud_sandbox.clock.set(datetime(2030, 1, 1))
    assert prefect_cloud_sandbox.clock.now() == START


def test_mint_key_and_graphql(prefect_cloud_sandbox: Sandbox) -> None:
    bob = prefect_cloud_sandbox.fixture_key("acme-user")
    minted = prefect_cloud_sandbox.mint_key(bob.user_id, name="ci", expires_at="+1d")
    assert (minted.name, minted.user_id, minted.tenant_id) == ("ci", bob.user_id, bob.tenant_id)
    assert minted.key.startswith("pce_") and minted.key not in repr(minted)
    assert minted.expires_at is not None and minted.expires_at > prefect_cloud_sandbox.clock.now()
    assert prefect_cloud_sandbox.graphql(WHO_AM_I, key=minted.key)["auth_info"] == {"user_id": bob.user_id, "role": "USER"}
    with pytest.raises(BadUserInput) as error:
        prefect_cloud_sandbox.mint_key("not-a-uuid")
    assert error.value.field == "user_id"


def test_graphql_errors_carry_the_code(prefect_cloud_sandbox: Sandbox) -> None:
    with pytest.raises(GraphQLError) as unauthenticated:
        prefect_cloud_sandbox.graphql(WHO_AM_I, key="pce_" + "x" * 43)
    assert unauthenticated.value.code == "UNAUTHENTICATED"
    reader = prefect_cloud_sandbox.key("acme-read-only-user")
    with pytest.raises(GraphQLError) as forbidden:
        prefect_cloud_sandbox.graphql("mutation($i: create_service_account_input!) { create_service_account(input: $i) { id } }",
                                      {"i": {"tenant_id": prefect_cloud_sandbox.fixture_key("acme-user").tenant_id, "name": "x"}}, key=reader)
    assert forbidden.value.code == "FORBIDDEN"


@pytest.mark.prefect_cloud(frozen_at=START)
def test_reset_snapshot_restore(prefect_cloud_sandbox: Sandbox) -> None:
    saved = prefect_cloud_sandbox.snapshot()
    assert saved["format"] == "prefect-cloud-emulator/state"
    minted = prefect_cloud_sandbox.mint_key(prefect_cloud_sandbox.user_id("acme-user"))
    assert minted.key not in str(prefect_cloud_sandbox.snapshot())
    assert prefect_cloud_sandbox.restore(saved).now == START
    with pytest.raises(GraphQLError, match="UNAUTHENTICATED"):
        prefect_cloud_sandbox.graphql(WHO_AM_I, key=minted.key)

    prefect_cloud_sandbox.clock.advance("P1D")
    result = prefect_cloud_sandbox.reset("expiring-keys")
    assert result.fixture == "expiring-keys" and result.clock.now == START
    assert "expires-in-1h" in {k.ref for k in prefect_cloud_sandbox.fixture_keys()}
    with pytest.raises(BadUserInput):
        prefect_cloud_sandbox.restore({"format": "something else"})


def test_request_log(prefect_cloud_sandbox: Sandbox) -> None:
    key = prefect_cloud_sandbox.key("acme-tenant-admin")
    prefect_cloud_sandbox.graphql("query Me { auth_info { role } }", key=key)
    [entry] = prefect_cloud_sandbox.requests(limit=1)
    assert (entry.operation_name, entry.operation_type, entry.fields, entry.outcome) == ("Me", "query", ["auth_info"], "ok")
    assert entry.caller is not None and entry.caller.username == "alice@acme.test" and entry.caller.role == "TENANT_ADMIN"
    assert key not in repr(entry)
    prefect_cloud_sandbox.clear_requests()
    assert prefect_cloud_sandbox.requests() == []
    with pytest.raises(BadUserInput) as error:
        prefect_cloud_sandbox.requests(limit=-1)
    assert error.value.field == "limit"


def test_sandboxes_create_list_delete(prefect_cloud: EmulatorClient) -> None:
    info = prefect_cloud.create_sandbox(fixture="many-tenants", frozen_at=START)
    try:
        assert info.url == f"{prefect_cloud.url}/sandboxes/{info.id}" and info.fixture == "many-tenants"
        assert info.id in {s.id for s in prefect_cloud.list_sandboxes()}
        assert prefect_cloud.sandbox(info).clock.now() == START
        with pytest.raises(BadUserInput) as taken:
            prefect_cloud.create_sandbox(id=info.id)
        assert taken.value.field == "id"
    finally:
        prefect_cloud.delete_sandbox(info.id)
    with pytest.raises(NotFound):
        prefect_cloud.delete_sandbox(info.id)
    with pytest.raises(NotFound):
        prefect_cloud.sandbox(info.id).clock.state()
    with pytest.raises(GraphQLError) as gone:
        prefect_cloud.sandbox(info.id).graphql("{ hello }")
    assert gone.value.code == "NOT_FOUND"
    assert prefect_cloud.info().version == prefect_cloud.health()["version"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable() -> None:
    with pytest.raises(EmulatorUnreachable, match="nothing answered"):
        EmulatorClient(f"http://127.0.0.1:{_free_port()}").health()


def test_process_with_an_admin_token(emulator_command: str) -> None:
    with EmulatorProcess(emulator_command, args=["--admin-token", "test-admin-token", "--log-level", "warn"]) as emulator:
        assert emulator.url.startswith("http://127.0.0.1:")
        with pytest.raises(Unauthenticated) as error:
            EmulatorClient(emulator.url).clock.state()
        assert error.value.status == 401
        assert EmulatorClient(emulator.url, admin_token="test-admin-token").health()["status"] == "ok"
        assert EmulatorClient(emulator.url, admin_token="test-admin-token").info().sandboxes == 0
    assert emulator.stop() == 0
    with pytest.raises(EmulatorUnreachable):
        EmulatorClient(emulator.url).health()


def test_process_that_cannot_start(emulator_command: str) -> None:
    with pytest.raises(EmulatorStartError, match="exited"):
        EmulatorProcess(emulator_command, args=["--fixture", "no-such-fixture"])
