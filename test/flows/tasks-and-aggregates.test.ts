import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, refs, type TestApp } from '../helpers/app.js';
import { compress, MUTATIONS as M, ok, twoTaskFlow } from './helpers.js';

/** `project.flows_aggregate` (what `prefect get projects` counts) and `Query.task` (`prefect get tasks`). */
let app: TestApp;
let admin: string;
beforeEach(async () => {
  app = await createTestApp();
  admin = app.key(refs.aliceAdmin);
});
afterEach(() => app.close());

const project = async (name: string) => ok(await app.gql(M.project, { key: admin, variables: { input: { name } } }), 'create_project').id as string;
/** Each registration a minute after the last, so `order_by: {created: desc}` has one answer. */
const register = async (projectId: string, flow: Record<string, unknown>) => {
  app.main.clock.advance(60_000);
  return ok(await app.gql(M.flow, { key: admin, variables: { input: { project_id: projectId, serialized_flow: compress(flow) } } }), 'create_flow_from_compressed_string').id as string;
};

/** Two versions of two-task-flow and one of other-flow in `a`; `b` has none. */
const seed = async () => {
  const a = await project('a');
  await project('b');
  const v1 = await register(a, twoTaskFlow());
  const v2 = await register(a, { ...twoTaskFlow(), description: 'changed' });
  const retrying = { slug: 'only-1', name: 'only', type: 'prefect.tasks.core.function.FunctionTask', mapped: true, max_retries: 3, retry_delay: 90_000, description: 'the only task', tags: [] };
  const other = await register(a, { ...twoTaskFlow('other-flow'), tasks: [retrying], edges: [] });
  return { a, v1, v2, other };
};

describe('project.flows_aggregate', () => {
  it('counts the project\'s flows as the CLI asks (distinct names), and every version without distinct_on', async () => {
    await seed();
    const res = await app.gql(`{ project(where: {_and: {name: {_eq: null}}}, order_by: {name: asc}) {
      name distinct: flows_aggregate(distinct_on: name) { aggregate { count } }
      all: flows_aggregate { aggregate { count versions: count(columns: [version], distinct: true) } nodes { name version } }
      live: flows_aggregate(where: {archived: {_eq: false}}) { aggregate { count } } } }`, { key: admin });
    expect(ok(res, 'project')).toEqual([
      { name: 'a', distinct: { aggregate: { count: 2 } }, all: { aggregate: { count: 3, versions: 2 }, nodes: expect.arrayContaining([{ name: 'two-task-flow', version: 2 }]) }, live: { aggregate: { count: 2 } } },
      { name: 'b', distinct: { aggregate: { count: 0 } }, all: { aggregate: { count: 0, versions: 0 }, nodes: [] }, live: { aggregate: { count: 0 } } },
    ]);
  });

  it('another tenant sees neither the projects nor their counts', async () => {
    await seed();
    const res = await app.gql('{ project { name flows_aggregate { aggregate { count } } } }', { key: app.key(refs.ginaAdmin) });
    expect(ok(res, 'project')).toEqual([]);
  });
});

describe('Query.task', () => {
  const CLI = (name: string | null, flow: string | null, version: number | null, projectName: string | null) => `{
    task(where: {_and: {name: {_eq: ${JSON.stringify(name)}}, flow: {name: {_eq: ${JSON.stringify(flow)}}, version: {_eq: ${JSON.stringify(version)}},
      project: {name: {_eq: ${JSON.stringify(projectName)}}}}}}, limit: 10, order_by: {created: desc}) { id name created flow { name version } mapped type } }`;

  it('filters through the flow (name, version, project) as `prefect get tasks` does, newest first', async () => {
    await seed();
    const names = async (...args: Parameters<typeof CLI>) =>
      (ok(await app.gql(CLI(...args), { key: admin }), 'task') as unknown as { name: string; flow: { name: string; version: number } }[]).map((t) => `${t.flow.name}@${t.flow.version}:${t.name}`);
    expect(await names(null, null, null, null)).toHaveLength(5);
    expect((await names(null, null, null, null)).slice(0, 3)).toEqual(['other-flow@1:only', 'two-task-flow@2:first', 'two-task-flow@2:second']);
    expect((await names(null, 'two-task-flow', 1, 'a')).sort()).toEqual(['two-task-flow@1:first', 'two-task-flow@1:second']);
    expect(await names('first', 'two-task-flow', null, null)).toHaveLength(2);
    expect(await names(null, 'two-task-flow', null, 'b')).toEqual([]);
  });

  it('task_by_pk, and the columns `describe tasks` reads (description, retry delay as an interval) from both paths', async () => {
    const { other } = await seed();
    const fields = 'id name slug created description type max_retries retry_delay mapped tenant_id flow { id }';
    const nested = ok(await app.gql(`{ flow_by_pk(id: "${other}") { created tasks { ${fields} } } }`, { key: admin }), 'flow_by_pk') as { created: string; tasks: Record<string, unknown>[] };
    const [task] = nested.tasks;
    expect(task).toMatchObject({ name: 'only', description: 'the only task', max_retries: 3, retry_delay: '1 day 01:00:00', mapped: true, created: nested.created, flow: { id: other } });
    const byPk = ok(await app.gql(`{ task_by_pk(id: "${task!.id as string}") { ${fields} } }`, { key: admin }), 'task_by_pk');
    expect(byPk).toEqual(task);
    const second = (ok(await app.gql(CLI('second', null, 1, null), { key: admin }), 'task') as unknown as { id: string }[])[0]!;
    expect(ok(await app.gql(`{ task_by_pk(id: "${second.id}") { description retry_delay } }`, { key: admin }), 'task_by_pk')).toEqual({ description: null, retry_delay: null });
  });

  it('another tenant\'s tasks look missing; a read-only user reads them', async () => {
    await seed();
    const gina = app.key(refs.ginaAdmin);
    const [first] = ok(await app.gql('{ task(limit: 1) { id } }', { key: admin }), 'task') as unknown as { id: string }[];
    expect(ok(await app.gql('{ task { id } }', { key: gina }), 'task')).toEqual([]);
    expect((await app.gql(`{ task_by_pk(id: "${first!.id}") { id } }`, { key: gina })).body.data).toEqual({ task_by_pk: null });
    expect(ok(await app.gql('{ task { id } }', { key: app.key(refs.rita) }), 'task')).toHaveLength(5);
  });

  it('a filter on something that is not a column is refused by the schema', async () => {
    const res = await app.gql('{ task(where: {flow: {storage: {_eq: "x"}}}) { id } }', { key: admin });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
