import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { readCassette, Replayer, type Exchange } from './replay.js';

/**
 * The real Prefect 1.4.1 CLI, local agent and flow runner, recorded against the emulator
 * (test/cassettes/README.md), replayed in order: every answer must be the one the client got.
 */
let app: TestApp | undefined;
afterEach(async () => { await app?.close(); app = undefined; });

const replay = async (name: string) => {
  const lines = readCassette(new URL(`./${name}.jsonl`, import.meta.url));
  const exchanges = lines.filter((l): l is Exchange => 'seq' in l);
  app = await createTestApp();
  // The emulator's clock at the recording's start, so time filters the client wrote literally still apply.
  app.main.clock.set(Date.parse(exchanges[0]!.at));
  const replayer = new Replayer(app);
  const answers = new Map<number, { status: number; body: unknown }>();
  for (const exchange of exchanges) answers.set(exchange.seq, await replayer.play(exchange));
  return { replayer, answers, exchanges, lines, app };
};

describe('cassettes of the real 1.4.1 client', () => {
  it('create project, register a two-task flow, run it, and the local agent runs it to Success', async () => {
    const { replayer, app } = await replay('agent-run');
    expect(replayer.mismatches).toEqual([]);
    const runs = [...app.main.store.state.flowRuns.all()];
    expect(runs).toHaveLength(1);
    expect(runs[0]!.states.map((s) => s.type)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
    expect(runs[0]!.submittedBy?.keyName).toBeTruthy();
    const taskRuns = app.main.store.state.taskRuns.allBy('flowRun', runs[0]!.id);
    expect(taskRuns.map((t) => t.states.at(-1)!.type)).toEqual(['Success', 'Success']);
    expect(app.main.store.state.runLogs.allBy('flowRun', runs[0]!.id).map((l) => l.message)).toContain('first task says hello');
  });

  it('prefect run --watch (the agent runs it) and prefect run --execute (no agent) both reach Success', async () => {
    const { replayer, app } = await replay('watch-execute');
    expect(replayer.mismatches).toEqual([]);
    const runs = [...app.main.store.state.flowRuns.all()];
    expect(runs).toHaveLength(2);
    const byAgent = runs.find((r) => r.labels.includes('emulator'))!;
    const agentless = runs.find((r) => r.labels.some((l) => l.startsWith('agentless-run-')))!;
    expect(byAgent.states.map((s) => s.type)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
    expect(byAgent.submittedBy).toMatchObject({ keyName: 'acme agent key' });
    expect(byAgent.submittedBy?.agentId).toBeTruthy();
    // --execute runs the flow in the CLI's own process: nobody submits it.
    expect(agentless.states.map((s) => s.type)).toEqual(['Scheduled', 'Running', 'Success']);
    expect(agentless.submittedBy).toBeNull();
  });

  it('revoking the agent\'s key while a sleeping flow is Running: the agent and the flow are refused, and the run never reaches Success', async () => {
    const { replayer, app } = await replay('revoke');
    expect(replayer.mismatches).toEqual([]);
    const [run] = [...app.main.store.state.flowRuns.all()];
    expect(run!.states.map((s) => s.type)).toEqual(['Scheduled', 'Submitted', 'Running']);
    expect(run!.submittedBy).toMatchObject({ keyName: 'acme agent key' });
    expect(run!.submittedBy!.keyId).toEqual(expect.any(String));
    expect(app.main.store.state.apiKeys.get(run!.submittedBy!.keyId ?? '')).toBeUndefined();
    const taskRuns = app.main.store.state.taskRuns.allBy('flowRun', run!.id).map((t) => t.states.at(-1)!.type).sort();
    expect(taskRuns).toEqual(['Pending', 'Running']);
    // The refused retries fold in the request log instead of pushing everything else out.
    const log = app.main.log.recent();
    expect(log.some((e) => e.fields.includes('flow_run_by_pk') && e.errorCode === 'UNAUTHENTICATED' && (e.count ?? 1) > 1)).toBe(true);
    expect(log.some((e) => e.fields.includes('create_project'))).toBe(true);
  });

  it('deleting the agent\'s service account while a sleeping flow is Running stops the agent and the flow the same way', async () => {
    const { replayer, app } = await replay('delete-service-account');
    expect(replayer.mismatches).toEqual([]);
    const [run] = [...app.main.store.state.flowRuns.all()];
    expect(run!.states.map((s) => s.type)).toEqual(['Scheduled', 'Submitted', 'Running']);
    expect(app.main.store.state.users.get('1d1d1d1d-0000-4000-8000-000000000001')).toBeUndefined();
    const refused = app.main.log.recent().filter((e) => e.errorCode === 'UNAUTHENTICATED').flatMap((e) => e.fields);
    expect(refused).toEqual(expect.arrayContaining(['get_runs_in_queue', 'flow_run_by_pk']));
  });

  it('flow.register() (tasks, edges, schedule), then Client.cancel_flow_run while it runs: the runner stops it, Cancelled', async () => {
    const { replayer, app } = await replay('register-and-cancel');
    expect(replayer.mismatches).toEqual([]);
    const [run] = [...app.main.store.state.flowRuns.all()];
    expect(run!.states.map((s) => s.type)).toEqual(['Scheduled', 'Submitted', 'Running', 'Cancelling', 'Cancelled']);
    const [flow] = [...app.main.store.state.flows.all()];
    expect(flow!.tasks.map((t) => t.slug).sort()).toEqual(['after-1', 'nap-1']);
    expect(flow!.edges).toHaveLength(1);
  });
});
