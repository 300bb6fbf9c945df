import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/domain/errors.js';
import {
  backendState, checkTransition, checkVersion, currentState, isFinished, isRunning, isScheduledLike, parseState,
} from '../../../../src/domain/flow-runs/states.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const codeOf = (fn: () => unknown): { code: string; field: string | undefined; message: string } => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('did not throw');
};

describe('flow-run states', () => {
  it('keeps a serialized state verbatim and derives type, message and start time', () => {
    const serialized = { type: 'Scheduled', message: 'later', start_time: '2030-01-02T03:04:05.123456+00:00', __version__: '1.4.1' };
    const state = parseState(serialized, 'input.states[0].state', 4, NOW);
    expect(state).toEqual({ type: 'Scheduled', message: 'later', serialized, startTime: '2030-01-02T03:04:05.123Z', version: 4, timestamp: '2030-01-01T00:00:00.000Z' });
  });

  it('reads the start time of the state a Submitted state wraps', () => {
    const state = parseState({ type: 'Submitted', state: { type: 'Scheduled', start_time: '2030-01-01T00:00:00+00:00' } }, 's', 2, NOW);
    expect(state.startTime).toBe('2030-01-01T00:00:00.000Z');
  });

  it('refuses an unknown state type, naming the field', () => {
    const error = codeOf(() => parseState({ type: 'Exploded' }, 'input.states[0].state', 1, NOW));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.states[0].state.type' });
    expect(error.message).toContain('Running');
    expect(codeOf(() => parseState('Running', 'x', 1, NOW)).field).toBe('x');
    expect(codeOf(() => parseState({ type: 'Running', message: 3 }, 'x', 1, NOW)).field).toBe('x.message');
    expect(codeOf(() => parseState({ type: 'Scheduled', start_time: 'tomorrow' }, 'x', 1, NOW)).field).toBe('x.start_time');
  });

  it('classifies the state classes by their hierarchy', () => {
    for (const t of ['Scheduled', 'Retrying', 'Resume', 'Paused', 'Queued']) expect(isScheduledLike(t)).toBe(true);
    for (const t of ['Submitted', 'Running', 'Pending', 'Success']) expect(isScheduledLike(t)).toBe(false);
    for (const t of ['Success', 'Failed', 'Cached', 'Mapped', 'Skipped', 'TimedOut', 'TriggerFailed', 'Cancelled']) expect(isFinished(t)).toBe(true);
    expect(isRunning('Cancelling')).toBe(true);
    expect(isFinished('Running')).toBe(false);
  });

  it('version locking: the current version or null passes; any other is VERSION_LOCKING_ERROR', () => {
    expect(() => checkVersion(2, 2, 'v')).not.toThrow();
    expect(() => checkVersion(2, null, 'v')).not.toThrow();
    expect(() => checkVersion(2, undefined, 'v')).not.toThrow();
    expect(codeOf(() => checkVersion(3, 2, 'input.states[0].version'))).toMatchObject({ code: 'VERSION_LOCKING_ERROR', field: 'input.states[0].version' });
    expect(codeOf(() => checkVersion(3, 2.5, 'v')).code).toBe('BAD_USER_INPUT');
  });

  it('an agent submits only a waiting run, and says "State update failed" otherwise (the agent then drops it)', () => {
    expect(() => checkTransition('Scheduled', 'Submitted', 's')).not.toThrow();
    expect(() => checkTransition('Retrying', 'Submitted', 's')).not.toThrow();
    const error = codeOf(() => checkTransition('Submitted', 'Submitted', 's'));
    expect(error.message).toContain('State update failed');
    expect(codeOf(() => checkTransition('Running', 'Submitted', 's')).message).toContain('State update failed');
  });

  it('a finished run stays finished unless scheduled again; Looped goes on running', () => {
    expect(codeOf(() => checkTransition('Success', 'Running', 's')).message).toContain('already finished');
    expect(codeOf(() => checkTransition('Failed', 'Success', 's')).code).toBe('BAD_USER_INPUT');
    expect(() => checkTransition('Failed', 'Scheduled', 's')).not.toThrow();
    expect(() => checkTransition('Looped', 'Running', 's')).not.toThrow();
    expect(() => checkTransition('Running', 'Success', 's')).not.toThrow();
  });

  it('backend states look like the client\'s own serialization', () => {
    const s = backendState('Scheduled', 'Flow run scheduled.', 1, NOW, '2030-01-01T00:00:00.000Z');
    expect(s.serialized).toMatchObject({ type: 'Scheduled', message: 'Flow run scheduled.', start_time: '2030-01-01T00:00:00.000+00:00' });
    expect(currentState([backendState('Pending', 'a', 0, NOW), s])).toBe(s);
  });
});
