import { RECORDS, specOf, type RecordDescriptions } from './records.js';
import { TABLE_NAMES } from './state.js';

/**
 * Older state documents brought to the current format before they are checked, so a data file
 * or a snapshot written by an earlier emulator loads in a newer one. The upgrade works on the
 * parsed JSON and never changes the file itself: the file is rewritten in the current format at
 * the next snapshot (compaction, reset or a clean stop).
 *
 * Version history:
 * - 1: tables may be left out (an absent table is empty).
 * - 2: every table is present. Upgrading fills in the tables an older document leaves out, and
 *   every field added since (a FieldSpec with `since`, in ./records.ts) with its value.
 * - 3: the invitations table (empty in older documents). Optional fields added meanwhile (a user's
 *   settings, a token's expiry and creator, an agent's key and core version) may be absent in any
 *   version.
 * - 4: the flow tables (projects, flow groups, flows, flow runs, task runs, run logs, key-value
 *   pairs), empty in older documents.
 * - 5: the secrets table (tenant secrets, once held in memory only), empty in older documents.
 *   Snapshots leave it out (./snapshot-scope.ts); the data file holds it.
 * - 6: a table may be written column-wise (./columns.ts: field names once, repeated strings in
 *   a dictionary), which is how the data file writes every table; snapshots keep tables of rows.
 *   The rows are those of version 5: a version-5 document is a version-6 one as it is.
 * - 7: a dictionary-encoded column's indexes may be one string of base-64 codes (./codes.ts),
 *   which is how the data file writes them; the array of version 6 is still read. A version-6
 *   document is a version-7 one as it is.
 */
export const STATE_VERSION = 7;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Changes that additions alone cannot express (a field renamed, a value re-encoded), by the
 * version they lead to. Additions need no entry: a new table or a field with `since` is filled
 * in by {@link upgradeDocument} itself.
 */
const STEPS: Readonly<Record<number, (tables: Json) => void>> = {};

/**
 * Brings `doc` (a state document of version `from`, older than {@link STATE_VERSION}) to the
 * current version, in place. Rows that are not objects are left for validation to report.
 */
export const upgradeDocument = (doc: Json, from: number, records: RecordDescriptions = RECORDS): void => {
  if (!isObject(doc.tables)) return;
  const tables = doc.tables;
  for (let version = from + 1; version <= STATE_VERSION; version++) STEPS[version]?.(tables);
  for (const name of TABLE_NAMES) {
    tables[name] ??= [];
    const rows = tables[name];
    if (!Array.isArray(rows)) continue;
    for (const [field, description] of Object.entries(records[name])) {
      const { since } = specOf(description);
      if (!since || since.version <= from) continue;
      for (const row of rows) if (isObject(row) && !(field in row)) row[field] = structuredClone(since.value);
    }
  }
  doc.version = STATE_VERSION;
};
