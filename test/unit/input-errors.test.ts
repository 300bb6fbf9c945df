import { describe, expect, it } from 'vitest';
import { DurationError } from '../../src/clock/duration.js';
import { DomainError } from '../../src/domain/errors.js';
import { FixtureError } from '../../src/fixtures/validate.js';
import { StateFormatError } from '../../src/store/snapshot.js';

describe('input errors', () => {
  it.each([
    ['FixtureError', new FixtureError('fixture: tenants must be an array')],
    ['StateFormatError', new StateFormatError('snapshot: seq must be a whole number')],
    ['DurationError', new DurationError('soon')],
  ])('%s is a BAD_USER_INPUT DomainError, so every edge maps it as one', (name, error) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.name).toBe(name);
    expect(error.field).toBeUndefined();
  });
});
