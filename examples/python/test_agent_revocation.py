"""A service account's key is revoked while its agent runs: the agent's next poll is refused and
it stops, saying why. The revocation is done as a tenant admin would, over the same GraphQL API."""
import cloud_app

REVOKE = "mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }"


def test_a_revoked_service_account_key_stops_the_agent(prefect_cloud_sandbox):
    sandbox = prefect_cloud_sandbox
    # The agent's own key for the acme service account, as a tenant admin would create one.
    agent_key = sandbox.mint_key(sandbox.user_id("acme-service-account"), name="agent")
    admin_key = sandbox.key("acme-tenant-admin")

    def revoke_after_second_poll(polls):
        if polls == 2:
            answer = sandbox.graphql(REVOKE, {"input": {"key_id": agent_key.id}}, key=admin_key)
            assert answer["delete_api_key"]["success"] is True

    run = cloud_app.run_agent(agent_key.key, labels=["docker"], max_polls=10, between_polls=revoke_after_second_poll)

    assert run.polls == 2
    assert "revoked" in run.stopped_because.lower()
    # The emulator saw it register and poll as the service account, then refused the key.
    log = list(reversed(sandbox.requests()))
    agent_calls = [r for r in log if "get_runs_in_queue" in r.fields or "register_agent" in r.fields]
    assert [r.fields[0] for r in agent_calls] == ["register_agent", "get_runs_in_queue", "get_runs_in_queue", "get_runs_in_queue"]
    assert [r.outcome for r in agent_calls] == ["ok", "ok", "ok", "error"]
    assert agent_calls[0].caller.account_type == "SERVICE"
    assert agent_calls[-1].error_code == "UNAUTHENTICATED"


def test_an_agent_with_a_valid_key_keeps_polling(prefect_cloud_sandbox):
    run = cloud_app.run_agent(prefect_cloud_sandbox.key("acme-service-account"), labels=[], max_polls=3)
    assert (run.polls, run.stopped_because) == (3, None)
