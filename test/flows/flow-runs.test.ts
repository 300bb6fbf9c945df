import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, refs, type TestApp } from '../helpers/app.js';
import { codeOf, compress, MUTATIONS as M, ok, runInfo, seedRun, state, twoTaskFlow } from './support.js';

let app: TestApp;
let admin: string;
let agentKey: string;
beforeEach(async () => {
  app = await createTestApp();
  admin = app.key(refs.aliceAdmin);
  agentKey = app.key(refs.acmeAgent);
});
afterEach(() => app.close());

describe('registration', () => {
  it('versions a flow within its group, archives the previous one, and skips an unchanged registration', async () => {
    const projectId = ok(await app.gql(M.project, { key: admin, variables: { input: { name: 'p' } } }), 'create_project').id;
    const register = (key?: string) => app.gql(M.flow, { key: admin, variables: { input: { project_id: projectId, serialized_flow: compress(twoTaskFlow()), idempotency_key: key } } });
    const v1 = ok(await register('k1'), 'create_flow_from_compressed_string').id;
    const v2 = ok(await register('k2'), 'create_flow_from_compressed_string').id;
    expect(ok(await register('k2'), 'create_flow_from_compressed_string').id).toBe(v2);
    const flows = (await app.gql('{ flow(order_by: {version: asc}) { id version archived flow_group_id tasks { slug } project { id } } }', { key: admin })).body.data!.flow;
    expect(flows.map((f: { id: string; version: number; archived: boolean }) => [f.id, f.version, f.archived])).toEqual([[v1, 1, true], [v2, 2, false]]);
    expect(flows[0].flow_group_id).toBe(flows[1].flow_group_id);
    expect(flows[1].tasks.map((t: { slug: string }) => t.slug).sort()).toEqual(['first-1', 'second-1']);
  });

  it('a duplicate project name answers "Uniqueness violation." (what the client looks for)', async () => {
    await app.gql(M.project, { key: admin, variables: { input: { name: 'p' } } });
    const res = await app.gql(M.project, { key: admin, variables: { input: { name: 'p' } } });
    expect(res.body.errors![0]).toMatchObject({ message: 'Uniqueness violation.', extensions: { code: 'BAD_USER_INPUT', field: 'input.name' } });
  });

  it('a malformed serialized flow names the field and registers nothing', async () => {
    const projectId = ok(await app.gql(M.project, { key: admin, variables: { input: { name: 'p' } } }), 'create_project').id;
    const bad = async (serialized: string) => (await app.gql(M.flow, { key: admin, variables: { input: { project_id: projectId, serialized_flow: serialized } } })).body.errors![0]!.extensions!.field;
    expect(await bad('not base64 gzip')).toBe('input.serialized_flow');
    expect(await bad(compress({ ...twoTaskFlow(), tasks: [{ name: 'no slug' }] }))).toBe('input.serialized_flow.tasks[0].slug');
    expect(await bad(compress({ ...twoTaskFlow(), name: 42 }))).toBe('input.serialized_flow.name');
    expect(app.main.store.state.flows.size).toBe(0);
  });
});

describe('runs and states', () => {
  it('a new run is Scheduled v1 with one Pending v0 task run per task, labels from the run config, JSON as objects', async () => {
    const { runId } = await seedRun(app, admin, { runInput: { parameters: { n: 5 }, context: { a: 1 }, flow_run_name: 'named' } });
    const info = await runInfo(app, admin, runId);
    expect(info).toMatchObject({ name: 'named', version: 1, state: 'Scheduled', labels: ['emulator'], serialized_state: { type: 'Scheduled' } });
    const taskRuns = info!.task_runs as { version: number; state: string; task: { slug: string } }[];
    expect(taskRuns.map((t) => [t.task.slug, t.version, t.state]).sort()).toEqual([['first-1', 0, 'Pending'], ['second-1', 0, 'Pending']]);
    const params = (await app.gql(`{ flow_run_by_pk(id: "${runId}") { parameters context } }`, { key: admin })).body.data!.flow_run_by_pk;
    expect(params).toEqual({ parameters: { n: 5 }, context: { a: 1 } });
  });

  it('the same idempotency key gives the same run', async () => {
    const { flowId, runId } = await seedRun(app, admin, { runInput: { idempotency_key: 'once' } });
    expect(ok(await app.gql(M.run, { key: admin, variables: { input: { flow_id: flowId, idempotency_key: 'once' } } }), 'create_flow_run').id).toBe(runId);
  });

  it('version locking: a stale version is VERSION_LOCKING_ERROR naming the field, and nothing of the batch applies', async () => {
    const { runId } = await seedRun(app, admin);
    const submit = (version: number | null) => app.gql(M.flowStates, { key: agentKey, variables: { input: { states: [{ flow_run_id: runId, version, state: state('Submitted', { state: state('Scheduled') }) }] } } });
    expect(ok(await submit(1), 'set_flow_run_states')).toEqual({ states: [{ id: runId, status: 'SUCCESS', message: null }] });
    const stale = await app.gql(M.flowStates, { key: admin, variables: { input: { states: [{ flow_run_id: runId, version: 1, state: state('Running') }] } } });
    expect(stale.body.errors![0]!.extensions).toMatchObject({ code: 'VERSION_LOCKING_ERROR', field: 'input.states[0].version' });
    const unknown = await app.gql(M.flowStates, {
      key: admin, variables: { input: { states: [{ flow_run_id: runId, version: 2, state: state('Running') }, { flow_run_id: runId, version: null, state: state('Exploded') }] } },
    });
    expect(unknown.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.states[1].state.type' });
    expect((await runInfo(app, admin, runId))!.state).toBe('Submitted');
    // A second Submitted is refused with the words the agent drops silently.
    expect((await submit(null)).body.errors![0]!.message).toContain('State update failed');
  });

  it('a run of an archived flow is refused naming the field', async () => {
    const { flowId } = await seedRun(app, admin);
    await app.gql('mutation($input: archive_flow_input!) { archive_flow(input: $input) { success } }', { key: admin, variables: { input: { flow_id: flowId } } });
    const res = await app.gql(M.run, { key: admin, variables: { input: { flow_id: flowId } } });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.flow_id' });
  });

  it('cancel: a Running run goes Cancelling, one not started is Cancelled', async () => {
    const { runId } = await seedRun(app, admin);
    await app.gql(M.flowStates, { key: admin, variables: { input: { states: [{ flow_run_id: runId, version: null, state: state('Running') }] } } });
    const cancel = (id: string) => app.gql('mutation($input: cancel_flow_run_input!) { cancel_flow_run(input: $input) { state } }', { key: admin, variables: { input: { flow_run_id: id } } });
    expect(ok(await cancel(runId), 'cancel_flow_run')).toEqual({ state: 'Cancelling' });
    expect((await runInfo(app, admin, runId))!.state).toBe('Cancelling');
    const other = await seedRun(app, admin, { project: 'p2' });
    expect(ok(await cancel(other.runId), 'cancel_flow_run')).toEqual({ state: 'Cancelled' });
  });

  it('logs: written as a list or a single record, read back in order, filtered by time', async () => {
    const { runId } = await seedRun(app, admin);
    ok(await app.gql(M.logs, { key: agentKey, variables: { input: { logs: { flow_run_id: runId, message: 'Submitted for execution: PID: 1', name: 'agent', level: 'INFO' } } } }), 'write_run_logs');
    ok(await app.gql(M.logs, { key: agentKey, variables: { input: { logs: [{ flow_run_id: runId, message: 'later', level: 'info', timestamp: '2099-01-01T00:00:00.000000+00:00' }] } } }), 'write_run_logs');
    const q = `{ flow_run(where: {id: {_eq: "${runId}"}}) { logs(order_by: {timestamp: asc}, where: {timestamp: {_gt: "2098-01-01T00:00:00+00:00"}}) { message level } } }`;
    expect((await app.gql(q, { key: admin })).body.data!.flow_run[0].logs).toEqual([{ message: 'later', level: 'INFO' }]);
  });
});

describe('the queue', () => {
  const poll = (key: string, labels: string[]) =>
    app.gql(M.queue, { key, variables: { input: { before: new Date(Date.now() + 10_000).toISOString(), labels, tenant_id: '11111111-1111-4111-8111-111111111111' } } });

  it('answers the runs whose labels the agent has and whose time has come by the emulator clock', async () => {
    const { runId } = await seedRun(app, admin, { labels: ['emulator'] });
    const later = new Date(app.main.clock.now() + 3_600_000).toISOString();
    const { runId: scheduled } = await seedRun(app, admin, { project: 'p2', labels: ['emulator'], runInput: { scheduled_start_time: later } });
    expect(ok(await poll(agentKey, ['emulator', 'extra']), 'get_runs_in_queue').flow_run_ids).toEqual([runId]);
    expect(ok(await poll(agentKey, ['other']), 'get_runs_in_queue').flow_run_ids).toEqual([]);
    expect(ok(await poll(agentKey, []), 'get_runs_in_queue').flow_run_ids).toEqual([]);
    // Time travel releases the scheduled run, with a start time the real agent runs at once.
    app.main.clock.advance(2 * 3_600_000);
    expect(ok(await poll(agentKey, ['emulator']), 'get_runs_in_queue').flow_run_ids).toEqual([runId, scheduled]);
    const start = Date.parse(((await runInfo(app, admin, scheduled))!.serialized_state as { start_time: string }).start_time);
    expect(Math.abs(start - Date.now())).toBeLessThan(60_000);
  });

  it('another tenant\'s agent never sees the runs', async () => {
    await seedRun(app, admin, { labels: ['emulator'] });
    const globex = app.key(refs.globexAgent);
    const res = await app.gql(M.queue, { key: globex, variables: { input: { before: new Date().toISOString(), labels: ['emulator'] } } });
    expect(ok(res, 'get_runs_in_queue').flow_run_ids).toEqual([]);
  });
});

describe('the key follows the work', () => {
  it('a run records the agent and key that submitted it; revoking the key stops the flow\'s next call and the run cannot reach Success', async () => {
    const { runId } = await seedRun(app, admin);
    const agentId = ok(await app.gql('mutation($input: register_agent_input!) { register_agent(input: $input) { id } }', { key: agentKey, variables: { input: { type: 'LocalAgent', labels: ['emulator'] } } }), 'register_agent').id as string;
    const res = await app.gql(M.flowStates, { key: agentKey, variables: { input: { states: [{ flow_run_id: runId, version: 1, state: state('Submitted') }] } } });
    ok(res, 'set_flow_run_states');
    // supertest cannot set the agent header through gql(); the store records the key regardless.
    const run = app.main.store.state.flowRuns.get(runId)!;
    expect(run.submittedBy).toMatchObject({ keyName: 'acme agent key', userId: '1d1d1d1d-0000-4000-8000-000000000001' });
    expect(JSON.stringify(run)).not.toContain(agentKey);
    expect(agentId).toBeTruthy();
    ok(await app.gql(M.flowStates, { key: agentKey, variables: { input: { states: [{ flow_run_id: runId, version: 2, state: state('Running') }] } } }), 'set_flow_run_states');

    const keyId = run.submittedBy!.keyId;
    ok(await app.gql('mutation($input: delete_api_key_input!) { delete_api_key(input: $input) { success } }', { key: admin, variables: { input: { key_id: keyId } } }), 'delete_api_key');
    const success = await app.gql(M.flowStates, { key: agentKey, variables: { input: { states: [{ flow_run_id: runId, version: null, state: state('Success') }] } } });
    expect(success.body.errors![0]).toMatchObject({ message: 'AuthenticationError: this API key has been revoked', extensions: { code: 'UNAUTHENTICATED' } });
    expect(codeOf(await app.gql(`{ flow_run_by_pk(id: "${runId}") { id } }`, { key: agentKey }))).toBe('UNAUTHENTICATED');
    expect((await runInfo(app, admin, runId))!.state).toBe('Running');
  });

  it('deleting the service account, or its key expiring, stops the flow the same way', async () => {
    const { runId } = await seedRun(app, admin);
    const minted = await app.main.mintKey({ user_id: '1d1d1d1d-0000-4000-8000-000000000001', expires_at: '+1h' });
    const call = () => app.gql(`{ flow_run_by_pk(id: "${runId}") { id } }`, { key: minted.key });
    expect((await call()).body.data!.flow_run_by_pk).toEqual({ id: runId });
    app.main.clock.advance(2 * 3_600_000);
    expect((await call()).body.errors![0]!.message).toContain('expired');
    const res = await app.gql('mutation($input: delete_service_account_input!) { delete_service_account(input: $input) { success } }', { key: admin, variables: { input: { user_id: '1d1d1d1d-0000-4000-8000-000000000001' } } });
    ok(res, 'delete_service_account');
    const after = await app.gql(M.flowStates, { key: agentKey, variables: { input: { states: [{ flow_run_id: runId, version: null, state: state('Running') }] } } });
    expect(after.body.errors![0]!.message).toContain('service account that has been deleted');
  });
});
