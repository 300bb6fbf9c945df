import { describe, expect, it } from 'vitest';
import { RequestLog, type RequestRecord } from '../../../src/service/request-log.js';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const caller = { userId: 'u1', username: 'ada', accountType: 'USER', tenantId: 't1', tenantSlug: 'acme', role: 'USER' };
const request = (i: number, over: Partial<RequestRecord> = {}): RequestRecord => ({
  at: T0 + i * 1000, operationName: `op${i}`, operationType: 'query', fields: ['auth_info'], caller, outcome: 'ok', errorCode: null, durationMs: i / 10, ...over,
});

describe('RequestLog (ring buffer)', () => {
  it('keeps the newest entries once full, newest first, as the control API shows them', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) log.record(request(i));
    expect(log.recent().map((e) => e.operationName)).toEqual(['op4', 'op3', 'op2']);
    expect(log.recent(2).map((e) => e.operationName)).toEqual(['op4', 'op3']);
    expect(log.recent()[0]).toEqual({
      at: '2030-01-01T00:00:04.000Z', operationName: 'op4', operationType: 'query', fields: ['auth_info'],
      caller, outcome: 'ok', errorCode: null, durationMs: 0.4,
    });
  });

  it('hands out copies: changing an entry read changes neither the log nor the list it was given', () => {
    const log = new RequestLog(2);
    const fields = Object.freeze(['auth_info']);
    log.record(request(0, { fields }));
    const [entry] = log.recent();
    entry!.fields.push('x');
    entry!.caller!.username = 'mallory';
    expect(log.recent()[0]!.fields).toEqual(['auth_info']);
    expect(log.recent()[0]!.caller!.username).toBe('ada');
  });

  it('folds identical refusals (not successes) within the window, counting them', () => {
    const log = new RequestLog(10);
    const refused = { outcome: 'error' as const, errorCode: 'UNAUTHENTICATED', caller: null, operationName: 'q' };
    log.record(request(0, refused));
    log.record(request(1, { operationName: 'other' }));
    log.record(request(2, refused));
    log.record(request(3, { ...refused, fields: ['auth_info'] }));
    log.record(request(4, { ...refused, errorCode: 'FORBIDDEN' }));
    log.record(request(5, { operationName: 'q' }));
    log.record(request(6, { operationName: 'q' }));
    const entries = log.recent();
    expect(entries.map((e) => [e.operationName, e.outcome, e.count ?? 1])).toEqual([
      ['q', 'ok', 1], ['q', 'ok', 1], ['q', 'error', 1], ['other', 'ok', 1], ['q', 'error', 3],
    ]);
    expect(entries[4]).toMatchObject({ at: '2030-01-01T00:00:00.000Z', lastAt: '2030-01-01T00:00:03.000Z', count: 3 });
  });

  it('does not fold refusals of different callers or fields', () => {
    const log = new RequestLog(10);
    const refused = { outcome: 'error' as const, errorCode: 'FORBIDDEN' };
    log.record(request(0, refused));
    log.record(request(1, { ...refused, caller: { ...caller, tenantId: 't2' } }));
    log.record(request(2, { ...refused, fields: ['auth_api_key'] }));
    log.record(request(3, { ...refused, operationType: 'mutation' }));
    expect(log.recent().map((e) => e.count ?? 1)).toEqual([1, 1, 1, 1]);
  });

  it('is empty after clear, and records nothing with capacity 0', () => {
    const log = new RequestLog(2);
    log.record(request(0));
    log.clear();
    expect(log.recent()).toEqual([]);
    log.record(request(1));
    expect(log.recent().map((e) => e.operationName)).toEqual(['op1']);
    const none = new RequestLog(0);
    none.record(request(0));
    expect(none.recent()).toEqual([]);
  });
});
