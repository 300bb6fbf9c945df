import { badInput } from './errors.js';
import { LIMITS } from './limits.js';

/**
 * Checks the size of a `where` before any row is filtered, iteratively (its depth is bounded by
 * the variables' depth already): the number of conditions, of LIKE operators, and of values in
 * `_in` lists. Each refusal names the limit. Pattern lengths are checked where they are compiled.
 */
export const checkWhereSize = (where: unknown): void => {
  let conditions = 0;
  let likes = 0;
  const stack: unknown[] = [where];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (value === undefined || value === null) continue;
      conditions += 1;
      if (key === '_like' || key === '_ilike') likes += 1;
      if ((key === '_in' || key === '_nin') && Array.isArray(value) && value.length > LIMITS.inValues) {
        throw badInput('where', `an ${key} list may hold at most ${LIMITS.inValues} values, the limit (this one has ${value.length})`);
      }
      if (typeof value === 'object' && !(key === '_in' || key === '_nin')) stack.push(value);
    }
    if (conditions > LIMITS.whereConditions) throw badInput('where', `may hold at most ${LIMITS.whereConditions} conditions, the limit`);
    if (likes > LIMITS.likeOperators) throw badInput('where', `may use _like and _ilike at most ${LIMITS.likeOperators} times, the limit`);
  }
};
