import { afterEach, describe, expect, it } from 'vitest';
import { loadFixture } from '../../src/fixtures/load.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { MUTATIONS as M, ok } from './support.js';

let app: TestApp | undefined;
afterEach(async () => { await app?.close(); app = undefined; });

const ACME = '11111111-1111-4111-8111-111111111111';
const poll = (a: TestApp) => a.gql(M.queue, { key: a.key('acme-service-account'), variables: { input: { labels: ['emulator'], tenant_id: ACME } } });

describe('fixtures with projects, flows and scheduled runs', () => {
  it('scheduled-runs: the due run is in the queue; moving the clock releases the others; reset brings them back', async () => {
    app = await createTestApp({ fixture: 'scheduled-runs' });
    const names = (ids: string[]) => ids.map((id) => app!.main.store.state.flowRuns.get(id)!.name);
    expect(names(ok(await poll(app), 'get_runs_in_queue').flow_run_ids as string[])).toEqual(['due-now']);
    app.main.clock.advance(2 * 3_600_000);
    expect(names(ok(await poll(app), 'get_runs_in_queue').flow_run_ids as string[])).toEqual(['due-now', 'in-an-hour']);
    const flows = (await app.gql('{ flow(order_by: {version: asc}) { version archived tasks { slug } project { name } } }', { key: app.key('acme-tenant-admin') })).body.data!.flow;
    expect(flows.map((f: { version: number; archived: boolean }) => [f.version, f.archived])).toEqual([[1, true], [2, false]]);
    const run = (await app.gql('{ flow_run(where: {name: {_eq: "in-an-hour"}}) { parameters labels task_runs { state } } }', { key: app.key('acme-tenant-admin') })).body.data!.flow_run[0];
    expect(run).toMatchObject({ parameters: { n: 2 }, labels: ['emulator'], task_runs: [{ state: 'Pending' }, { state: 'Pending' }] });
    await app.control('post', '/reset');
    expect(names(ok(await poll(app), 'get_runs_in_queue').flow_run_ids as string[])).toEqual(['due-now']);
  });

  it('an invalid flow part stops the load with the exact path', async () => {
    const base = { version: 1, tenants: [{ id: ACME, name: 'Acme', slug: 'acme' }] };
    const project = { id: '5e5e5e5e-0000-4000-8000-000000000001', tenant_id: ACME, name: 'p' };
    const flow = { id: '5f5f5f5f-0000-4000-8000-000000000001', project_id: project.id, name: 'f' };
    const bad = async (extra: Record<string, unknown>) => {
      try {
        await loadFixture({ inline: { ...base, ...extra }, source: 'test' });
      } catch (error) {
        return (error as Error).message;
      }
      return 'loaded';
    };
    expect(await bad({ projects: [{ ...project, tenant_id: '99999999-0000-4000-8000-000000000000' }] })).toContain('projects[0].tenant_id refers to unknown tenant');
    expect(await bad({ projects: [project], flows: [{ ...flow, project_id: ACME }] })).toContain('flows[0].project_id refers to unknown project');
    expect(await bad({ projects: [project], flows: [{ ...flow, tasks: ['a', 'a'] }] })).toContain('flows[0].tasks');
    expect(await bad({ projects: [project], flows: [{ ...flow, archived: true }], flow_runs: [{ flow_id: flow.id }] })).toContain('flow_runs[0].flow_id refers to an archived flow');
    expect(await bad({ projects: [project], flows: [flow], flow_runs: [{ flow_id: flow.id, scheduled_start_time: 'soon' }] })).toContain('flow_runs[0].scheduled_start_time');
    expect(await bad({ projects: [project], flows: [flow], flow_runs: [{ flow_id: flow.id, scheduled_start_time: '+1h' }] })).toBe('loaded');
  });
});

describe('generated fixtures with flows', () => {
  it('flows=2,scheduled-runs=3: per tenant one project, two flows, three runs an hour apart; the same seed gives the same state', async () => {
    const { generateFixture, parseGenerateSpec } = await import('../../src/fixtures/generate.js');
    const spec = parseGenerateSpec('tenants=2,users=3,flows=2,scheduled-runs=3');
    const fixture = generateFixture({ ...spec, seed: 7 });
    expect(fixture.projects).toHaveLength(2);
    expect(fixture.flows).toHaveLength(4);
    expect(fixture.flow_runs).toHaveLength(6);
    expect(JSON.stringify(generateFixture({ ...spec, seed: 7 }))).toBe(JSON.stringify(fixture));
    // Without flows the users and keys are the ones the same seed always gave.
    const plain = generateFixture({ ...parseGenerateSpec('tenants=2,users=3'), seed: 7 });
    expect(plain.api_keys).toEqual(fixture.api_keys);
    expect(plain.projects).toBeUndefined();
    expect(() => parseGenerateSpec('scheduled-runs=2')).toThrow('scheduled-runs needs flows=1 or more');

    app = await createTestApp({ generate: 'tenants=1,users=2,flows=1,scheduled-runs=2', seed: 3 });
    expect(app.main.store.state.flowRuns.size).toBe(2);
    expect(app.main.store.state.taskRuns.size).toBe(4);
  });
});
