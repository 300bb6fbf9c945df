/**
 * Limits on JSON that comes in from outside (request bodies, GraphQL variables, fixtures,
 * snapshots, the data file and its journal). Parsing a deeply nested document is cheap; every
 * recursive walk after it (validation, GraphQL coercion, JSON.stringify on the next export) is
 * not, and overflows the stack. So depth is bounded where input is accepted, before anything
 * walks it.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How a value is too deeply nested, or null. Iterative, so it cannot itself overflow: objects
 * and arrays count one level each (`{"a": [1]}` is 2 deep).
 */
export const jsonDepthProblem = (value: unknown, max = MAX_JSON_DEPTH): string | null => {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return `is nested more than ${max} levels deep, the limit`;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return null;
};

/** Values (objects, arrays, scalars) in one request's GraphQL variables: coercing them all costs time in proportion. */
export const MAX_VARIABLE_VALUES = 10_000;

/** How a value holds more than `max` values in all, or null. Iterative; stops as soon as it knows. */
export const jsonSizeProblem = (value: unknown, max = MAX_VARIABLE_VALUES): string | null => {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (++count > max) return `hold more than ${max} values, the limit`;
    if (typeof item === 'object' && item !== null) stack.push(...(Array.isArray(item) ? item : Object.values(item)));
  }
  return null;
};

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8 strictly: invalid bytes are refused, never replaced by U+FFFD (which the next
 * save would write back, silently changing the text). Throws a message giving the byte offset.
 */
export const decodeUtf8 = (bytes: Uint8Array): string => {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    // Find where: the longest prefix that decodes is as long as the valid run.
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        low = mid;
      } catch {
        high = mid - 1;
      }
    }
    throw new Error(`it is not valid UTF-8 (an invalid byte sequence at byte ${low})`);
  }
};
