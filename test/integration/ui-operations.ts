/**
 * The GraphQL operations the Cloud 1.0 web UI sends from its app shell and its key-system
 * pages, in our own words with the UI's names, fields, aliases and variables (see
 * ui-operations-support.ts). docs/wire-compatibility.md shows `operationsTable()`.
 */
import { CALLER_KINDS, type CallerKind, type Outcome, type UiOperation } from './ui-operations-support.js';
import { settingsOperations } from './ui-operations-settings.js';
import { shellOperations } from './ui-operations-shell.js';
import { teamOperations } from './ui-operations-team.js';

export const UI_OPERATIONS = (): UiOperation[] => [...shellOperations(), ...teamOperations(), ...settingsOperations()];
const cell = (o: Record<CallerKind, Outcome>): string => CALLER_KINDS.map((k) => o[k]).join(' / ');

/** The table docs/wire-compatibility.md shows. */
export const operationsTable = (): string => [
  '| page | operation | sends | returns | admin / user / read-only / service account |',
  '|---|---|---|---|---|',
  ...UI_OPERATIONS().map((op) => {
    const fields = op.query.replace(/\s+/g, ' ').replace(/^(query|mutation) \w+(\([^)]*\))? \{ /, '').replace(/ \}$/, '');
    return `| ${op.page} | ${op.name} | \`${fields.replace(/\|/g, '\\|')}\` | ${op.returns} | ${cell(op.outcomes)} |`;
  }),
].join('\n');
