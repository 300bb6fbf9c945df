import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, refs, type TestApp } from '../helpers/app.js';
import { MUTATIONS as M, ok, seedRun, state } from './support.js';

let app: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('control API, snapshots, reset and the data file', () => {
  it('GET /flow-runs lists runs with their states, task runs and the agent\'s key by name, never the key', async () => {
    app = await createTestApp();
    const agentKey = app.key(refs.acmeAgent);
    const { runId } = await seedRun(app, app.key(refs.aliceAdmin));
    ok(await app.gql(M.flowStates, { key: agentKey, variables: { input: { states: [{ flow_run_id: runId, version: 1, state: state('Submitted') }] } } }), 'set_flow_run_states');
    const res = await app.control('get', '/flow-runs?tenant=acme');
    expect(res.status).toBe(200);
    const [run] = res.body.flow_runs;
    expect(run).toMatchObject({ id: runId, tenant_slug: 'acme', flow_name: 'two-task-flow', project_name: 'proj', state: 'Submitted', version: 2 });
    expect(run.states.map((s: { state: string }) => s.state)).toEqual(['Scheduled', 'Submitted']);
    expect(run.submitted_by).toMatchObject({ key_name: 'acme agent key' });
    expect(run.task_runs.map((t: { task_slug: string }) => t.task_slug).sort()).toEqual(['first-1', 'second-1']);
    expect(res.text).not.toContain(agentKey);
    expect((await app.control('get', '/flow-runs?tenant=globex')).body.flow_runs).toEqual([]);
    expect((await app.control('get', '/flow-runs?state=Running')).body.flow_runs).toEqual([]);
  });

  it('snapshots carry projects, flows, runs and logs; reset removes them', async () => {
    app = await createTestApp();
    const { runId } = await seedRun(app, app.key(refs.aliceAdmin));
    const snapshot = (await app.control('get', '/snapshot')).body;
    expect(snapshot.tables.flowRuns.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect(snapshot.tables.taskRuns).toHaveLength(2);
    await app.control('post', '/reset');
    expect(app.main.store.state.flowRuns.size).toBe(0);
    expect((await app.control('put', '/snapshot', snapshot)).status).toBe(200);
    expect(app.main.store.state.flowRuns.get(runId)?.states[0]!.type).toBe('Scheduled');
    // The queue index is rebuilt from the restored rows.
    expect(app.main.store.state.flowRuns.waiting('11111111-1111-4111-8111-111111111111')).toBe(1);
    const broken = structuredClone(snapshot);
    broken.tables.taskRuns[0].flowRunId = '00000000-0000-4000-8000-000000000009';
    const refused = await app.control('put', '/snapshot', broken);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('tables.taskRuns[0].flowRunId');
  });

  it('runs survive a restart with a data file (journaled like keys)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pce-flows-'));
    const dataFile = join(dir, 'state.json');
    app = await createTestApp({ dataFile });
    const { runId } = await seedRun(app, app.key(refs.aliceAdmin));
    await app.close();
    app = await createTestApp({ dataFile });
    expect(app.main.store.state.flowRuns.get(runId)?.name).toBeTruthy();
    expect(app.main.store.state.taskRuns.allBy('flowRun', runId)).toHaveLength(2);
  });

  it('a sandbox has its own projects, flows and runs, and its own GET /flow-runs', async () => {
    app = await createTestApp();
    expect((await app.control('post', '/sandboxes', { id: 'worker-1', fixture: 'scheduled-runs' })).status).toBe(201);
    const sandbox = app.emulator.sandbox('worker-1')!;
    const inSandbox = await app.gql('{ flow_run { name } }', { key: sandbox.fixtureKey('acme-tenant-admin')!.key, path: '/sandboxes/worker-1/graphql' });
    expect(inSandbox.body.data!.flow_run).toHaveLength(3);
    const listed = await request(app.handler).get('/sandboxes/worker-1/__emulator/flow-runs?state=Scheduled');
    expect(listed.body.flow_runs.map((r: { name: string }) => r.name).sort()).toEqual(['due-now', 'in-an-hour', 'tomorrow']);
    expect((await app.control('get', '/flow-runs')).body.flow_runs).toEqual([]);
    expect((await app.gql('{ flow_run { name } }', { key: app.key(refs.aliceAdmin) })).body.data!.flow_run).toEqual([]);
  });
});
