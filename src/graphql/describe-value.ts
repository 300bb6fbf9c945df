/**
 * A value as graphql-js's error messages show it (strings quoted, objects as `{ a: 1 }`, at
 * most two levels and ten items deep), for the execution errors that quote a resolver's result.
 */
export const describeValue = (value: unknown): string => format(value, []);

const MAX_ITEMS = 10;
const MAX_DEPTH = 2;

const format = (value: unknown, seen: unknown[]): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'function':
      return value.name ? `[function ${value.name}]` : '[function]';
    case 'object':
      return formatObject(value, seen);
    default:
      return String(value);
  }
};

const tagOf = (object: object): string => {
  const tag = Object.prototype.toString.call(object).replace(/^\[object /, '').replace(/]$/, '');
  if (tag === 'Object' && typeof object.constructor === 'function') return object.constructor.name || tag;
  return tag;
};

const formatObject = (value: object | null, seen: unknown[]): string => {
  if (value === null) return 'null';
  if (seen.includes(value)) return '[Circular]';
  const within = [...seen, value];
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json: unknown = toJSON.call(value);
    if (json !== value) return typeof json === 'string' ? json : format(json, within);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (within.length > MAX_DEPTH) return '[Array]';
    const items = value.slice(0, MAX_ITEMS).map((item) => format(item, within));
    const more = value.length - MAX_ITEMS;
    if (more === 1) items.push('... 1 more item');
    else if (more > 1) items.push(`... ${more} more items`);
    return `[${items.join(', ')}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  if (within.length > MAX_DEPTH) return `[${tagOf(value)}]`;
  return `{ ${entries.map(([k, v]) => `${k}: ${format(v, within)}`).join(', ')} }`;
};
