import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { readCassette, Replayer, type Exchange } from './replay.js';

/**
 * Every read command of the real 1.4.1 CLI (`prefect get flows|projects|flow-runs|tasks|logs`
 * with their options, `prefect describe flows|tasks|flow-runs`), recorded after a flow was
 * registered and run by the local agent (test/cassettes/README.md), replayed in order.
 */
let app: TestApp | undefined;
afterEach(async () => { await app?.close(); app = undefined; });

const queryOf = (e: Exchange): string => (typeof e.body === 'object' ? e.body.query ?? '' : '');

describe('cassette: the 1.4.1 CLI\'s get and describe commands', () => {
  it('answers every one as recorded: flow counts per project, tasks through their flow, runs, logs', async () => {
    const exchanges = readCassette(new URL('./get-commands.jsonl', import.meta.url)).filter((l): l is Exchange => 'seq' in l);
    app = await createTestApp();
    app.main.clock.set(Date.parse(exchanges[0]!.at));
    const replayer = new Replayer(app);
    const answers = new Map<number, { status: number; body: unknown }>();
    for (const exchange of exchanges) answers.set(exchange.seq, await replayer.play(exchange));
    expect(replayer.mismatches).toEqual([]);

    const answered = (pick: (q: string) => boolean) =>
      exchanges.filter((e) => pick(queryOf(e))).map((e) => answers.get(e.seq)!);
    // Every command validated: no 400 anywhere.
    expect([...answers.values()].every((a) => a.status === 200)).toBe(true);

    const projects = answered((q) => q.includes('flows_aggregate')).map((a) => (a.body as { data: { project: unknown[] } }).data.project);
    expect(projects[0]).toEqual([expect.objectContaining({ name: 'gc-proj', description: 'get commands', flows_aggregate: { aggregate: { count: 1 } } })]);
    expect(projects.at(-1)).toEqual([]);

    const tasks = answered((q) => /^\s*query\s*{\s*task\(/.test(q)).map((a) => (a.body as { data: { task: { name: string }[] } }).data.task);
    expect(tasks.map((list) => list.map((t) => t.name))).toEqual([['first', 'second'], ['first'], []]);

    const describedTasks = answered((q) => q.includes('retry_delay')).map((a) => (a.body as { data: { flow: { tasks: unknown[] }[] } }).data.flow);
    expect(describedTasks[0]![0]!.tasks).toHaveLength(2);
    expect(answered((q) => q.includes('auto_scheduled'))[0]!.body).toMatchObject({ data: { flow_run: [{ auto_scheduled: false, flow: { name: 'two-task-flow' } }] } });
  });
});
