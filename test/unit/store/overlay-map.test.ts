import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnIndex, valueKeys } from '../../../src/store/column-index.js';
import { copyKeyed, OverlayMap, type Keyed } from '../../../src/store/overlay-map.js';

const BASE = ['a', 'b', 'c', 'd', 'e'];
const KEYS = [...BASE, 'x', 'y', 'z'];

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string } | { kind: 'copy' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...KEYS), value: fc.integer({ min: 100, max: 999 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom(...KEYS) }),
  fc.constant({ kind: 'copy' as const }),
);

/** The map over BASE (row i's value is i) and the Map it must answer as: BASE set in row order. */
const pair = (): { overlay: Keyed<number>; model: Map<string, number> } => ({
  overlay: OverlayMap.over(new ColumnIndex(valueKeys(BASE.length, (i) => BASE[i])), (i) => i),
  model: new Map(BASE.map((k, i) => [k, i])),
});

const expectSame = (overlay: Keyed<number>, model: Map<string, number>): void => {
  expect(overlay.size).toBe(model.size);
  expect([...overlay.values()]).toEqual([...model.values()]);
  for (const key of KEYS) {
    expect(overlay.get(key)).toBe(model.get(key));
    expect(overlay.has(key)).toBe(model.has(key));
  }
};

describe('OverlayMap', () => {
  it('answers every read as a Map filled with the index and changed the same way, order included', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      let { overlay, model } = pair();
      // Each copy is checked again at the end: the changes made after it must not reach it.
      const copies: { overlay: Keyed<number>; model: Map<string, number> }[] = [];
      for (const o of ops) {
        if (o.kind === 'set') {
          overlay.set(o.key, o.value);
          model.set(o.key, o.value);
        } else if (o.kind === 'delete') {
          expect(overlay.delete(o.key)).toBe(model.delete(o.key));
        } else {
          copies.push({ overlay, model: new Map(model) });
          overlay = copyKeyed(overlay);
          model = new Map(model);
        }
        expectSame(overlay, model);
      }
      for (const copy of copies) expectSame(copy.overlay, copy.model);
    }), { numRuns: 500 });
  });

  it('keeps a replaced entry in its place and puts one deleted and set again last', () => {
    const { overlay } = pair();
    overlay.set('b', 20);
    overlay.delete('c');
    overlay.set('c', 30);
    overlay.set('x', 40);
    expect([...overlay.values()]).toEqual([0, 20, 3, 4, 30, 40]);
    expect(overlay.size).toBe(6);
  });
});
