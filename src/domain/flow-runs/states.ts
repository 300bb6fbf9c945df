import { badInput, DomainError } from '../errors.js';
import { parseZonedTime, toIso } from '../time.js';
import type { Json, RunState } from './types.js';

/**
 * Prefect 1.x state classes and what the backend derives from them. The backend never runs
 * anything: it stores the state the client serialized and reads its type, message and start time.
 */
const PARENT: Record<string, string | null> = {
  State: null, Pending: 'State', Scheduled: 'Pending', Paused: 'Scheduled', Resume: 'Scheduled', Retrying: 'Scheduled',
  ClientFailed: 'State', Submitted: 'State', Queued: 'State',
  Running: 'State', Cancelling: 'Running',
  Finished: 'State', Looped: 'Finished', Success: 'Finished', Cached: 'Success', Mapped: 'Success', Skipped: 'Success',
  Cancelled: 'Finished', Failed: 'Finished', TimedOut: 'Failed', TriggerFailed: 'Failed', ValidationFailed: 'Failed',
};

export const STATE_TYPES: readonly string[] = Object.keys(PARENT);

export const isStateType = (type: string): boolean => Object.hasOwn(PARENT, type);

/** Whether `type` is `ancestor` or one of its subclasses. */
export const isA = (type: string, ancestor: string): boolean => {
  for (let t: string | null | undefined = type; t; t = PARENT[t]) if (t === ancestor) return true;
  return false;
};

/** States an agent picks up: Scheduled and its subclasses (Paused, Resume, Retrying), and Queued. */
export const isScheduledLike = (type: string): boolean => isA(type, 'Scheduled') || type === 'Queued';
export const isFinished = (type: string): boolean => isA(type, 'Finished');
export const isRunning = (type: string): boolean => isA(type, 'Running');

/** Meta states wrap the state they were entered from (Submitted wraps Scheduled). */
const isMeta = (type: string): boolean => type === 'Submitted' || type === 'Queued' || type === 'ClientFailed';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The start time a state carries (its own, or a meta state's inner state's), as ISO, or null. */
const startTimeOf = (state: Json, field: string): string | null => {
  const raw = state.start_time ?? (isObject(state.state) ? state.state.start_time : undefined);
  if (raw === undefined || raw === null) return null;
  const ms = typeof raw === 'string' ? parseZonedTime(raw) : null;
  if (ms === null) throw badInput(`${field}.start_time`, 'must be an ISO-8601 date-time with a timezone');
  return toIso(ms);
};

/**
 * Checks a serialized state as the 1.x client writes it (`{type, message, …}`) and derives what
 * the backend keeps. The state is stored verbatim, so the client reads back what it wrote.
 */
export const parseState = (value: unknown, field: string, version: number, now: number): RunState => {
  if (!isObject(value)) throw badInput(field, 'must be a serialized state object ({"type": "Running", …})');
  const { type, message } = value;
  if (typeof type !== 'string' || !isStateType(type)) {
    throw badInput(`${field}.type`, `must be a Prefect state type (${STATE_TYPES.join(', ')}), got ${JSON.stringify(type)?.slice(0, 40)}`);
  }
  if (message !== undefined && message !== null && typeof message !== 'string') throw badInput(`${field}.message`, 'must be a string or null');
  if (isMeta(type) && value.state !== undefined && value.state !== null) {
    const inner = value.state;
    if (!isObject(inner) || typeof inner.type !== 'string' || !isStateType(inner.type)) throw badInput(`${field}.state.type`, 'must be a Prefect state type');
  }
  return { type, message: (message as string | null | undefined) ?? null, serialized: value, startTime: startTimeOf(value, field), version, timestamp: toIso(now) };
};

/** A state the backend writes itself (a new run's Scheduled, a task run's Pending, Cancelled…). */
export const backendState = (type: string, message: string, version: number, now: number, startTime: string | null = null): RunState => {
  const serialized: Json = { type, message, context: {}, cached_inputs: {}, _result: { type: 'NoResultType' }, __version__: '1.4.1' };
  if (startTime !== null) serialized.start_time = startTime.replace(/Z$/, '+00:00');
  return { type, message, serialized, startTime, version, timestamp: toIso(now) };
};

/** The run's current state and version; a run always has at least its first state. */
export const currentState = (states: readonly RunState[]): RunState => states[states.length - 1]!;

/**
 * Version locking as the 1.x client relies on it: a given version must be the current one,
 * else the write is refused with VERSION_LOCKING_ERROR (the client then re-reads the state);
 * null means "no lock".
 */
export const checkVersion = (current: number, given: unknown, field: string): void => {
  if (given === undefined || given === null) return;
  if (typeof given !== 'number' || !Number.isInteger(given)) throw badInput(field, 'must be a whole number or null');
  if (given !== current) {
    throw new DomainError('VERSION_LOCKING_ERROR', `State update failed: ${field} is ${given}, but the current version is ${current}`, field);
  }
};

/**
 * Transitions the backend refuses. An agent may submit only a run that waits to be run (the
 * 1.x agent drops a refusal whose message contains "State update failed" silently), and a
 * finished run stays finished unless it is scheduled again.
 */
export const checkTransition = (from: string, to: string, field: string): void => {
  if (to === 'Submitted' && !isScheduledLike(from)) {
    throw new DomainError('BAD_USER_INPUT', `State update failed: this run has already been submitted (it is ${from}).`, field);
  }
  // Looped is a Finished state that the runner leaves by running the next iteration.
  if (isFinished(from) && from !== 'Looped' && !isScheduledLike(to) && to !== 'Pending') {
    throw new DomainError('BAD_USER_INPUT', `State update failed: the run is already finished (${from}); only a new Scheduled state can restart it.`, field);
  }
};
