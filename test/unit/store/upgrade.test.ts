import { describe, expect, it } from 'vitest';
import { RECORDS, type RecordDescriptions } from '../../../src/store/records.js';
import { TABLE_NAMES } from '../../../src/store/state.js';
import { STATE_VERSION, upgradeDocument } from '../../../src/store/upgrade.js';

describe('upgrading a state document', () => {
  it('fills in every table an older document leaves out, and sets the current version', () => {
    const doc: Record<string, unknown> = { version: 1, tables: { tenants: [] } };
    upgradeDocument(doc, 1);
    expect(doc.version).toBe(STATE_VERSION);
    expect(Object.keys(doc.tables as object).sort()).toEqual([...TABLE_NAMES].sort());
  });

  it('gives rows of older documents the value of each field added since, and keeps the values rows have', () => {
    // As if `lastUsedAt` had been added to keys in the current version.
    const records = {
      ...RECORDS,
      apiKeys: { ...RECORDS.apiKeys, lastUsedAt: { type: 'string?', since: { version: STATE_VERSION, value: null } } },
    } as unknown as RecordDescriptions;
    const doc: Record<string, unknown> = { version: STATE_VERSION - 1, tables: { apiKeys: [{ id: 'a' }, { id: 'b', lastUsedAt: 'x' }, 'not a row'] } };
    upgradeDocument(doc, STATE_VERSION - 1, records);
    expect((doc.tables as Record<string, unknown[]>).apiKeys).toEqual([{ id: 'a', lastUsedAt: null }, { id: 'b', lastUsedAt: 'x' }, 'not a row']);
  });

  it('leaves fields as old as the document alone', () => {
    const records = {
      ...RECORDS,
      apiKeys: { ...RECORDS.apiKeys, lastUsedAt: { type: 'string?', since: { version: 1, value: null } } },
    } as unknown as RecordDescriptions;
    const doc: Record<string, unknown> = { version: 1, tables: { apiKeys: [{ id: 'a' }] } };
    upgradeDocument(doc, 1, records);
    expect((doc.tables as Record<string, unknown[]>).apiKeys).toEqual([{ id: 'a' }]);
  });
});
