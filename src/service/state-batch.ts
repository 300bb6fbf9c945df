import { badInput } from '../domain/errors.js';
import { checkTransition, checkVersion, currentState, parseState } from '../domain/flow-runs/states.js';
import type { RunState } from '../domain/flow-runs/types.js';
import { requireUuid } from '../domain/validation.js';

export type StatePayload = { states: { id: string; status: string; message: string | null }[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A `set_flow_run_states` / `set_task_run_states` batch: every entry is checked (the run, its
 * version, the state's type, the transition) before anything is written, so the batch applies
 * whole or not at all. `idField` names the run in each entry (`flow_run_id`); `load` finds the
 * caller's run (another tenant's is not found); `advance` gives the run with its next state.
 * Returns the changed runs and the payload the client reads.
 */
export const applyStateBatch = <R extends { states: RunState[] }>(
  states: unknown,
  idField: string,
  now: number,
  load: (id: string, field: string) => R,
  advance: (run: R, next: RunState) => R,
): { runs: R[]; payload: StatePayload } => {
  if (!Array.isArray(states) || states.length === 0) throw badInput('input.states', 'must be a non-empty list');
  const runs = new Map<string, R>();
  const ids = states.map((s: unknown, i) => {
    const field = `input.states[${i}]`;
    if (!isObject(s)) throw badInput(field, 'must be an object');
    const id = requireUuid(s[idField], `${field}.${idField}`);
    const run = runs.get(id) ?? load(id, `${field}.${idField}`);
    const current = currentState(run.states);
    checkVersion(current.version, s.version, `${field}.version`);
    const next = parseState(s.state, `${field}.state`, current.version + 1, now);
    checkTransition(current.type, next.type, `${field}.state`);
    runs.set(id, advance(run, next));
    return id;
  });
  return { runs: [...runs.values()], payload: { states: ids.map((id) => ({ id, status: 'SUCCESS', message: null })) } };
};
