/**
 * Every operation of the Cloud 1.0 UI's key-system pages (ui-operations.ts): it validates
 * against schema.graphql, and sent as the UI sends it (its variables, its aliases) by each
 * kind of caller it gives the outcome Cloud gave and the shapes the UI reads.
 */
import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSchema } from '../../src/graphql/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { call } from './support.js';
import { operationsTable, UI_OPERATIONS } from './ui-operations.js';
import { CALLER_KINDS, CALLER_REFS } from './ui-operations-support.js';

const operations = UI_OPERATIONS();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the UI operations catalogue', () => {
  it('holds the UI pages\' operations, each named once per text', () => {
    expect(operations.length).toBeGreaterThanOrEqual(50);
    const texts = new Set(operations.map((o) => o.query));
    expect(texts.size).toBe(operations.length - 1); // DeleteCustomRole is sent twice: a custom role and a built-in one
  });

  it.each(operations.map((o) => [o.name, o] as const))('%s validates against schema.graphql', (_name, op) => {
    const errors = validate(loadSchema(), parse(op.query));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('is shown as it is in docs/wire-compatibility.md', () => {
    const doc = readFileSync(new URL('../../docs/wire-compatibility.md', import.meta.url), 'utf8');
    expect(doc.includes(operationsTable()), 'regenerate the table in docs/wire-compatibility.md: npx tsx test/integration/print-ui-operations.ts').toBe(true);
  });
});

describe.each(CALLER_KINDS)('the UI operations sent by a %s', (kind) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it.each(operations.map((o) => [o.name, o] as const))('%s', async (_name, op) => {
    app = await createTestApp({ frozenAt: Date.parse('2026-05-01T00:00:00.000Z') });
    const setup = { app, kind, key: app.key(CALLER_REFS[kind]), admin: app.key(CALLER_REFS.admin) };
    const variables = op.variables ? await op.variables(setup) : undefined;
    const res = await call(app, op.query, { key: setup.key, ...(variables ? { variables } : {}) });
    const expected = op.outcomes[kind];
    if (expected === 'ok') {
      expect(res.body.errors, res.text).toBeUndefined();
      // What every answer the UI reads has: each root field answered, ids as UUIDs.
      for (const [field, value] of Object.entries(res.body.data!)) {
        if (field === 'membership_invitation_by_pk') continue; // null when the invitation is not the caller's
        expect(value, `${field} ${res.text}`).not.toBeNull();
        if (value && typeof value === 'object' && !Array.isArray(value) && 'id' in value) expect((value as { id: string }).id, field).toMatch(UUID);
        if (Array.isArray(value)) for (const row of value) if (row && typeof row === 'object' && 'id' in row) expect((row as { id: string }).id, field).toMatch(UUID);
      }
      await op.check?.(res.body.data!, setup);
      return;
    }
    expect(res.body.errors, res.text).toBeDefined();
    for (const error of res.body.errors!) expect(error.extensions?.code, res.text).toBe(expected);
    if (expected === 'BAD_USER_INPUT') expect(res.body.errors![0]!.extensions?.field, res.text).toMatch(/^input\./);
  });
});
