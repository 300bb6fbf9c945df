import type { Op } from './ops.js';
import type { State } from './state.js';

/**
 * The ops that put back what `ops` will change, computed before they are applied: applying
 * them after `ops` leaves every touched row exactly as it was.
 */
export const inverseOps = (state: State, ops: readonly Op[]): Op[] => {
  const inverse: Op[] = [];
  for (const op of ops) {
    const table = state.table(op[1]);
    const id = op[0] === 'put' ? op[2].id : op[2];
    const previous = table.get(id);
    if (previous) inverse.push(['put', op[1], previous] as Op);
    else if (op[0] === 'put') inverse.push(['del', op[1], id]);
  }
  // Undone last first: a row touched twice ends as it was before the first change.
  return inverse.reverse();
};
