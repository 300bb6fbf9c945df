"""A key that expires: the clock is moved past its expiry instead of waiting for it, and the
code under test (cloud_app.check_before_deploy) tells the user what to do."""
import pytest

import cloud_app


@pytest.mark.prefect_cloud(frozen_at="2030-01-01T00:00:00Z")
def test_a_30_day_key_works_until_day_31(prefect_cloud_sandbox):
    # A key like the one CI was given a month ago: for bob, valid for 30 days.
    key = prefect_cloud_sandbox.mint_key(prefect_cloud_sandbox.user_id("acme-user"), name="ci", expires_at="P30D").key
    assert cloud_app.check_before_deploy(key).startswith("ok: deploying as a USER")

    prefect_cloud_sandbox.clock.advance("P29D")
    assert cloud_app.check_before_deploy(key).startswith("ok:")

    prefect_cloud_sandbox.clock.advance("P2D")
    assert cloud_app.check_before_deploy(key) == "API key expired: create a new one with `prefect auth create-key`"


@pytest.mark.prefect_cloud(fixture="expiring-keys", frozen_at="2030-01-01T00:00:00Z")
def test_a_fixture_key_that_expires_within_the_hour(prefect_cloud_sandbox):
    key = prefect_cloud_sandbox.key("expires-in-1h")
    assert cloud_app.whoami(key).user_id == prefect_cloud_sandbox.user_id("expires-in-1h")

    prefect_cloud_sandbox.clock.advance("1h1m")
    with pytest.raises(cloud_app.KeyRejected, match="(?i)expired"):
        cloud_app.whoami(key)


def test_an_unknown_key_is_refused_not_expired(prefect_cloud_sandbox):
    message = cloud_app.check_before_deploy("pce_" + "0" * 43)
    assert message.startswith("API key refused:") and "expired" not in message
