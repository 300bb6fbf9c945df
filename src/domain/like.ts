import { badInput } from './errors.js';
import { LIMITS } from './limits.js';

/**
 * SQL LIKE, compiled once per pattern: `%` any run, `_` one character, `\` makes the next
 * character literal (Postgres' default escape). The pattern is cut at its `%`s into fixed-length
 * segments; the first must match at the start, the last at the end, and those between are found
 * leftmost, each after the one before. Greedy leftmost is exact for fixed-length segments, never
 * backtracks, and a text shorter than the pattern's fixed characters is refused at once: time is
 * at most text length × segment length whatever the pattern.
 */
type Segment = (string | null)[]; // null: `_`, any one character

export type LikeMatcher = (text: string) => boolean;

const segmentsOf = (pattern: string): { segments: Segment[]; anchoredOnly: boolean } => {
  const chars = Array.from(pattern);
  const segments: Segment[] = [[]];
  let anys = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const current = segments[segments.length - 1]!;
    if (c === '\\' && i + 1 < chars.length) current.push(chars[++i]!);
    else if (c === '%') {
      anys += 1;
      if (current.length > 0 || segments.length === 1) segments.push([]);
    } else current.push(c === '_' ? null : c);
  }
  return { segments, anchoredOnly: anys === 0 };
};

/** Indexable by character: the string itself when every character is one UTF-16 unit (the usual case), else its code points. */
const SURROGATE = /[\uD800-\uDFFF]/;
const characters = (text: string): string | string[] => (SURROGATE.test(text) ? Array.from(text) : text);

const matchesAt = (text: string | string[], at: number, segment: Segment): boolean => {
  for (let k = 0; k < segment.length; k++) {
    const s = segment[k];
    if (s !== null && s !== text[at + k]) return false;
  }
  return true;
};

/** Characters (code points) in a text, counted without building an array of them. */
const codePoints = (text: string): number => {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n += 1;
  }
  return n;
};

/** Compiles a pattern; refuses one longer than the limit, naming it. */
export const compileLike = (pattern: string, ignoreCase: boolean, field = 'where'): LikeMatcher => {
  if (codePoints(pattern) > LIMITS.likePatternLength) {
    throw badInput(field, `a LIKE pattern may be at most ${LIMITS.likePatternLength} characters, the limit`);
  }
  const { segments, anchoredOnly } = segmentsOf(ignoreCase ? pattern.toLowerCase() : pattern);
  const fixed = segments.reduce((n, s) => n + s.length, 0);
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  return (raw) => {
    const text = characters(ignoreCase ? raw.toLowerCase() : raw);
    if (text.length < fixed) return false;
    if (anchoredOnly) return text.length === first.length && matchesAt(text, 0, first);
    if (!matchesAt(text, 0, first)) return false;
    const end = text.length - last.length;
    if (segments.length > 1 && !matchesAt(text, end, last)) return false;
    let pos = first.length;
    for (let i = 1; i < segments.length - 1; i++) {
      const segment = segments[i]!;
      let at = pos;
      while (at + segment.length <= end && !matchesAt(text, at, segment)) at++;
      if (at + segment.length > end) return false;
      pos = at + segment.length;
    }
    return pos <= end;
  };
};
