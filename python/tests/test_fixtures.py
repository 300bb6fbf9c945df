"""The fixtures as a test suite uses them, and inner pytest runs (pytester) for what only a whole
run shows: xdist isolation with 4 workers, the shared emulator, cleanup after a failing test."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import List

import pytest

from conftest import read_records
from prefect_cloud_emulator import EmulatorClient, EmulatorUnreachable, GraphQLError, Sandbox

START = datetime(2030, 1, 1, tzinfo=timezone.utc)


def test_sandbox_points_prefect_at_itself_and_hands_out_fixture_keys(prefect_cloud: EmulatorClient, prefect_cloud_sandbox: Sandbox) -> None:
    assert os.environ["PREFECT__BACKEND"] == "cloud"
    assert os.environ["PREFECT__CLOUD__API"] == prefect_cloud_sandbox.url == f"{prefect_cloud.url}/sandboxes/{prefect_cloud_sandbox.id}"
    assert prefect_cloud_sandbox.id.startswith(os.environ.get("PYTEST_XDIST_WORKER", "main") + "-")
    keys = prefect_cloud_sandbox.keys
    assert set(keys) >= {"acme-tenant-admin", "acme-service-account", "globex-user"}
    for ref, key in keys.items():
        expected = prefect_cloud_sandbox.fixture_key(ref)
        info = prefect_cloud_sandbox.graphql("{ auth_info { user_id tenant_id role } }", key=key)["auth_info"]
        assert info == {"user_id": expected.user_id, "tenant_id": expected.tenant_id, "role": expected.role_name}
    # Minted in the sandbox only: the shared emulator does not know them.
    with pytest.raises(GraphQLError, match="UNAUTHENTICATED"):
        prefect_cloud.graphql("{ auth_info { role } }", key=keys["acme-tenant-admin"])
    with pytest.raises(KeyError, match="acme-tenant-admin"):
        prefect_cloud_sandbox.key("no-such-ref")


@pytest.mark.prefect_cloud(fixture="expiring-keys", frozen_at=START)
def test_the_clock_expires_a_key(prefect_cloud_sandbox: Sandbox) -> None:
    key = prefect_cloud_sandbox.key("expires-in-1h")
    assert prefect_cloud_sandbox.fixture_key("expires-in-1h").expires_at == START + timedelta(hours=1)
    assert prefect_cloud_sandbox.graphql("{ auth_info { role } }", key=key)["auth_info"]["role"]
    prefect_cloud_sandbox.clock.advance("PT61M")
    with pytest.raises(GraphQLError) as error:
        prefect_cloud_sandbox.graphql("{ auth_info { role } }", key=key)
    assert error.value.code == "UNAUTHENTICATED" and "expired" in error.value.message.lower()
    # An already expired fixture key stays expired in its stand-in too.
    with pytest.raises(GraphQLError, match="UNAUTHENTICATED"):
        prefect_cloud_sandbox.graphql("{ auth_info { role } }", key=prefect_cloud_sandbox.key("expired"))


def test_the_marker_refuses_unknown_options(write_suite, pytester: pytest.Pytester, plugin_args: List[str]) -> None:
    write_suite('''
        import pytest

        @pytest.mark.prefect_cloud(fixtures="default")
        def test_typo(prefect_cloud_sandbox):
            pass
    ''')
    result = pytester.runpytest_subprocess(*plugin_args)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown option(s) fixtures*"])


def test_xdist_workers_each_get_their_own_sandbox(write_suite, pytester: pytest.Pytester, plugin_args: List[str],
                                                 prefect_cloud: EmulatorClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    monkeypatch.setenv("RECORDS", str(records))
    monkeypatch.setenv("PREFECT_CLOUD_EMULATOR_URL", prefect_cloud.url)
    write_suite('''
        import os, time
        import pytest

        @pytest.mark.prefect_cloud(frozen_at="2030-01-01T00:00:00Z")
        @pytest.mark.parametrize("days", range(1, 13))
        def test_isolated(prefect_cloud_sandbox, record, days):
            sandbox = prefect_cloud_sandbox
            sandbox.clock.advance(f"P{days}D")
            key = sandbox.mint_key(sandbox.user_id("acme-user"), name=f"day {days}").key
            sandbox.graphql("{ auth_info { user_id } }", key=key)
            time.sleep(0.3)  # the other workers run meanwhile
            assert sandbox.clock.now().day == 1 + days
            assert [r.caller.username for r in sandbox.requests()] == ["bob@acme.test"]
            record(worker=os.environ["PYTEST_XDIST_WORKER"], sandbox=sandbox.id, api=os.environ["PREFECT__CLOUD__API"], key=key)
    ''')
    result = pytester.runpytest_subprocess("-n", "4", *plugin_args)
    result.assert_outcomes(passed=12)
    rows = read_records(records)
    assert len({r["worker"] for r in rows}) == 4
    assert len({r["sandbox"] for r in rows}) == 12
    assert all(r["api"] == f"{prefect_cloud.url}/sandboxes/{r['sandbox']}" for r in rows)
    # Every sandbox is gone, and no worker's key ever existed on the shared emulator.
    assert not {s.id for s in prefect_cloud.list_sandboxes()} & {r["sandbox"] for r in rows}
    for row in rows:
        with pytest.raises(GraphQLError, match="UNAUTHENTICATED"):
            prefect_cloud.graphql("{ auth_info { user_id } }", key=row["key"])


def test_xdist_workers_share_the_emulator_the_controller_starts(write_suite, pytester: pytest.Pytester, plugin_args: List[str],
                                                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    monkeypatch.setenv("RECORDS", str(records))
    monkeypatch.delenv("PREFECT_CLOUD_EMULATOR_URL", raising=False)
    write_suite('''
        import os

        def test_one(prefect_cloud, record):
            record(worker=os.environ["PYTEST_XDIST_WORKER"], url=prefect_cloud.url, pid=os.getpid())

        def test_two(prefect_cloud, record):
            record(worker=os.environ["PYTEST_XDIST_WORKER"], url=prefect_cloud.url, pid=os.getpid())
    ''')
    result = pytester.runpytest_subprocess("-n", "2", *plugin_args)
    result.assert_outcomes(passed=2)
    rows = read_records(records)
    assert len({r["worker"] for r in rows}) == 2 and len({r["url"] for r in rows}) == 1
    # Stopped with the run.
    with pytest.raises(EmulatorUnreachable):
        EmulatorClient(rows[0]["url"]).health()


def test_a_failing_test_still_loses_its_sandbox_and_environment(write_suite, pytester: pytest.Pytester, plugin_args: List[str],
                                                               prefect_cloud: EmulatorClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    monkeypatch.setenv("RECORDS", str(records))
    monkeypatch.setenv("PREFECT_CLOUD_EMULATOR_URL", prefect_cloud.url)
    monkeypatch.delenv("PREFECT__CLOUD__API", raising=False)
    monkeypatch.setenv("PREFECT__BACKEND", "server")
    write_suite('''
        import os

        def test_fails(prefect_cloud_sandbox, record):
            record(sandbox=prefect_cloud_sandbox.id)
            prefect_cloud_sandbox.clock.freeze()
            assert False, "the code under test broke"

        def test_errors_in_setup(prefect_cloud_sandbox, broken):
            pass

        import pytest

        @pytest.fixture
        def broken(prefect_cloud_sandbox, record):
            record(sandbox=prefect_cloud_sandbox.id)
            raise RuntimeError("a fixture after the sandbox failed")

        def test_after(prefect_cloud):
            assert "PREFECT__CLOUD__API" not in os.environ
            assert os.environ["PREFECT__BACKEND"] == "server"
    ''')
    result = pytester.runpytest_subprocess("-p", "no:randomly", *plugin_args)
    result.assert_outcomes(passed=1, failed=1, errors=1)
    made = {r["sandbox"] for r in read_records(records)}
    assert len(made) == 2
    assert not made & {s.id for s in prefect_cloud.list_sandboxes()}


def test_prefects_loaded_config_points_at_the_sandbox_too(write_suite, pytester: pytest.Pytester, plugin_args: List[str],
                                                         prefect_cloud: EmulatorClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Prefect 1.x reads its environment once, at import: a test that imported it needs its loaded
    # config changed as well. Stood in for here by a module with Prefect's set_temporary_config.
    records = tmp_path / "records.jsonl"
    monkeypatch.setenv("RECORDS", str(records))
    monkeypatch.setenv("PREFECT_CLOUD_EMULATOR_URL", prefect_cloud.url)
    write_suite('''
        import contextlib, sys, types

        config = {"backend": "server", "cloud.api": "https://api.prefect.io"}

        @contextlib.contextmanager
        def set_temporary_config(values):
            saved = dict(config)
            config.update(values)
            try:
                yield config
            finally:
                config.clear()
                config.update(saved)

        configuration = types.ModuleType("prefect.utilities.configuration")
        configuration.set_temporary_config = set_temporary_config
        sys.modules.update({"prefect": types.ModuleType("prefect"), "prefect.utilities": types.ModuleType("prefect.utilities"),
                            "prefect.utilities.configuration": configuration})

        def test_inside(prefect_cloud_sandbox, record):
            record(inside=dict(config), url=prefect_cloud_sandbox.url)

        def test_after(record):
            record(after=dict(config))
    ''')
    result = pytester.runpytest_subprocess("-p", "no:randomly", *plugin_args)
    result.assert_outcomes(passed=2)
    inside, after = read_records(records)
    assert inside["inside"] == {"backend": "cloud", "cloud.api": inside["url"]}
    assert after["after"] == {"backend": "server", "cloud.api": "https://api.prefect.io"}
