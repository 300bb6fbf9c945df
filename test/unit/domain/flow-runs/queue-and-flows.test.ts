import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/domain/errors.js';
import { agentMayRun, handOutStart, QUEUE_LOOKAHEAD_MS } from '../../../../src/domain/flow-runs/queue.js';
import { listRelational, matchesRelational, type RelationalSchema } from '../../../../src/domain/flow-runs/relational-where.js';
import { parseSerializedFlow, resolveLabels, resolveParameters } from '../../../../src/domain/flow-runs/serialized-flow.js';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.field;
    throw error;
  }
  throw new Error('did not throw');
};

describe('queue rules', () => {
  it('a run goes to an agent that has all its labels; an unlabeled run only to an agent without labels', () => {
    expect(agentMayRun(['a'], ['a', 'b'])).toBe(true);
    expect(agentMayRun(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(agentMayRun([], [])).toBe(true);
    expect(agentMayRun([], ['a'])).toBe(false);
    expect(agentMayRun(['a'], [])).toBe(false);
  });

  it('a run released ahead of the machine clock starts at the machine\'s now; one within the look-ahead keeps its time', () => {
    const machine = Date.parse('2030-01-01T00:00:00Z');
    expect(handOutStart('2030-02-01T00:00:00Z', machine)).toBe(machine);
    expect(handOutStart(new Date(machine + QUEUE_LOOKAHEAD_MS).toISOString(), machine)).toBeNull();
    expect(handOutStart('2029-01-01T00:00:00Z', machine)).toBeNull();
  });
});

describe('serialized flows', () => {
  const flow = {
    name: 'f', __version__: '1.4.1', tasks: [{ slug: 'a-1', name: 'a' }, { slug: 'b-1', name: 'b', max_retries: 2, tags: ['t'] }],
    parameters: [{ name: 'x', default: 1, required: false }, { name: 'y', default: null, required: true }], edges: [{ upstream_task: { slug: 'a-1' } }],
    run_config: { type: 'LocalRun', labels: ['rc'] }, storage: { type: 'Local' },
  };

  it('reads name, tasks, parameters, edges, run config and storage', () => {
    const parsed = parseSerializedFlow(flow, 'input.serialized_flow');
    expect(parsed.tasks).toEqual([
      { slug: 'a-1', name: 'a', type: null, mapped: false, maxRetries: 0, tags: [] },
      { slug: 'b-1', name: 'b', type: null, mapped: false, maxRetries: 2, tags: ['t'] },
    ]);
    expect(parsed).toMatchObject({ name: 'f', coreVersion: '1.4.1', runConfig: { type: 'LocalRun' }, storage: { type: 'Local' } });
  });

  it('names the bad field of a malformed flow', () => {
    expect(fieldOf(() => parseSerializedFlow('x', 'input.serialized_flow'))).toBe('input.serialized_flow');
    expect(fieldOf(() => parseSerializedFlow({ ...flow, name: '' }, 'sf'))).toBe('sf.name');
    expect(fieldOf(() => parseSerializedFlow({ ...flow, tasks: [{ name: 'no slug' }] }, 'sf'))).toBe('sf.tasks[0].slug');
    expect(fieldOf(() => parseSerializedFlow({ ...flow, tasks: [{ slug: 'a' }, { slug: 'a' }] }, 'sf'))).toBe('sf.tasks[1].slug');
    expect(fieldOf(() => parseSerializedFlow({ ...flow, tasks: {} }, 'sf'))).toBe('sf.tasks');
    expect(fieldOf(() => parseSerializedFlow({ ...flow, run_config: 'LocalRun' }, 'sf'))).toBe('sf.run_config');
  });

  it('parameters: flow defaults, then group defaults, then given; a required one must be given', () => {
    const params = parseSerializedFlow(flow, 'sf').parameters;
    expect(resolveParameters(params, { x: 2 }, { y: 3 }, 'p')).toEqual({ x: 2, y: 3 });
    expect(fieldOf(() => resolveParameters(params, {}, {}, 'input.parameters'))).toBe('input.parameters.y');
  });

  it('labels: given, else the run config\'s, else the group\'s, else the group\'s or the flow\'s run config\'s; sorted', () => {
    expect(resolveLabels(['z', 'a', 'a'], null, ['g'], null, null)).toEqual(['a', 'z']);
    expect(resolveLabels(null, { labels: ['rc'] }, ['g'], null, null)).toEqual(['rc']);
    expect(resolveLabels(null, null, ['g'], { labels: ['grc'] }, { labels: ['f'] })).toEqual(['g']);
    expect(resolveLabels(null, null, null, null, { labels: ['f'] })).toEqual(['f']);
    expect(resolveLabels(null, null, null, null, null)).toEqual([]);
  });
});

describe('Hasura-style where with relationships', () => {
  const projects = [{ id: 'p1', name: 'alpha' }, { id: 'p2', name: 'beta' }];
  const project: RelationalSchema = { columns: { id: 'string', name: 'string' } };
  const flows: RelationalSchema = {
    columns: { id: 'string', name: 'string', version: 'number', archived: 'boolean', created: 'time' },
    relations: { project: { many: false, schema: () => project, get: (r) => projects.find((p) => p.id === r.project_id) } },
  };
  const rows = [
    { id: 'f1', name: 'etl', version: 1, archived: true, project_id: 'p1', created: '2030-01-01T00:00:00+00:00' },
    { id: 'f2', name: 'etl', version: 2, archived: false, project_id: 'p1', created: '2030-01-02T00:00:00+00:00' },
    { id: 'f3', name: 'ml', version: 1, archived: false, project_id: 'p2', created: '2030-01-03T00:00:00+00:00' },
  ];

  it('{_eq: null} is no condition, as the CLI relies on', () => {
    expect(listRelational(rows, { where: { _and: [{ name: { _eq: null } }, { version: { _eq: null } }] } }, flows)).toHaveLength(3);
  });

  it('filters through a relationship and compares instants', () => {
    const where = { project: { name: { _eq: 'alpha' } }, archived: { _eq: false } };
    expect(listRelational(rows, { where }, flows).map((r) => r.id)).toEqual(['f2']);
    expect(listRelational(rows, { where: { created: { _gt: '2030-01-01T12:00:00.000000+00:00' } } }, flows).map((r) => r.id)).toEqual(['f2', 'f3']);
    expect(matchesRelational(rows[0]!, { _or: [] }, flows)).toBe(true);
  });

  it('orders, then keeps the first row per distinct_on value, then pages', () => {
    const latest = listRelational(rows, { order_by: [{ name: 'asc', version: 'desc' }], distinct_on: ['name'] }, flows);
    expect(latest.map((r) => r.id)).toEqual(['f2', 'f3']);
    expect(listRelational(rows, { order_by: [{ version: 'desc' }], limit: 1 }, flows).map((r) => r.id)).toEqual(['f2']);
  });

  it('an unknown column names its path', () => {
    expect(fieldOf(() => listRelational(rows, { where: { project: { owner: { _eq: 'x' } } } }, flows))).toBe('where.project.owner');
  });
});
