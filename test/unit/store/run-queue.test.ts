import { describe, expect, it } from 'vitest';
import { backendState } from '../../../src/domain/flow-runs/states.js';
import type { FlowRun } from '../../../src/domain/flow-runs/types.js';
import { FlowRunTable } from '../../../src/store/run-queue.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const run = (id: string, tenantId: string, start: string, type = 'Scheduled'): FlowRun => ({
  id, tenantId, flowId: 'f', flowGroupId: 'g', name: id, labels: [], parameters: {}, context: {}, runConfig: null, idempotencyKey: null,
  scheduledStartTime: start, startTime: null, endTime: null, heartbeat: null,
  states: [backendState(type, 'm', 1, NOW, type === 'Scheduled' ? start : null)], submittedBy: null, createdById: 'u', created: start, updated: start,
});

describe('the run queue index', () => {
  it('lists a tenant\'s waiting runs due by a time, earliest first, and only that tenant\'s', () => {
    const table = new FlowRunTable();
    table.put(run('late', 't1', '2030-01-01T00:10:00.000Z'));
    table.put(run('early', 't1', '2030-01-01T00:01:00.000Z'));
    table.put(run('same-early', 't1', '2030-01-01T00:01:00.000Z'));
    table.put(run('other', 't2', '2030-01-01T00:00:00.000Z'));
    table.put(run('running', 't1', '2030-01-01T00:00:00.000Z', 'Running'));
    expect(table.due('t1', Date.parse('2030-01-01T00:05:00Z')).map((r) => r.id)).toEqual(['early', 'same-early']);
    expect(table.due('t1', Date.parse('2030-01-02T00:00:00Z')).map((r) => r.id)).toEqual(['early', 'same-early', 'late']);
    expect(table.waiting('t1')).toBe(3);
  });

  it('leaves the queue when the run moves on or is deleted, and comes back when scheduled again', () => {
    const table = new FlowRunTable();
    const r = run('r', 't1', '2030-01-01T00:00:00.000Z');
    table.put(r);
    table.put({ ...r, states: [...r.states, backendState('Submitted', 's', 2, NOW)] });
    expect(table.due('t1', NOW + 1)).toEqual([]);
    table.put({ ...r, states: [...r.states, backendState('Scheduled', 'again', 3, NOW, '2030-01-01T00:00:00.000Z')] });
    expect(table.due('t1', NOW + 1).map((x) => x.id)).toEqual(['r']);
    table.delete('r');
    expect(table.due('t1', NOW + 1)).toEqual([]);
    expect(table.waiting('t1')).toBe(0);
  });
});
