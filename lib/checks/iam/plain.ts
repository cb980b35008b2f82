/**
 * Fast paths for strings that hold no unknown value. The token machinery (tokens.ts, glob.ts) is
 * exact but allocates a token per character; rules evaluate thousands of requests whose strings are
 * all known, so matching them as plain strings keeps a check run fast. Every function here returns
 * what the token path returns for the same input (the evaluator's unit and cross-check tests run
 * through both).
 */
import { Tri, UNKNOWN } from './tri';
import { UnknownTest } from './tokens';

const MARKER = '{{unknown:';

/** No unknown value anywhere in these strings: the plain-string paths apply. */
export function allPlain(isUnknown: UnknownTest | undefined, ...values: readonly string[]): boolean {
  if (isUnknown) return false;
  for (const v of values) if (v.includes(MARKER)) return false;
  return true;
}

/** `*` any run, `?` one character; everything else literal. Greedy with one backtrack point. */
export function globMatch(pattern: string, subject: string): boolean {
  return globRange(pattern, 0, pattern.length, subject, 0, subject.length);
}

/** globMatch over pattern[pb, pe) and subject[sb, se), without copying either. */
function globRange(
  pattern: string,
  pb: number,
  pe: number,
  subject: string,
  sb: number,
  se: number,
): boolean {
  let p = pb;
  let s = sb;
  let star = -1;
  let mark = 0;
  while (s < se) {
    const c = p < pe ? pattern.charCodeAt(p) : -1;
    if (c === QUESTION || (c !== -1 && c !== STAR && c === subject.charCodeAt(s))) {
      p++;
      s++;
    } else if (c === STAR) {
      star = p++;
      mark = s;
    } else if (star !== -1) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pe && pattern.charCodeAt(p) === STAR) p++;
  return p === pe;
}

const STAR = 42;
const QUESTION = 63;

/** Where the ARN part after `from` ends (the next colon, or the end for the resource part). */
function partEnd(value: string, from: number, last: boolean): number {
  if (last) return value.length;
  const i = value.indexOf(':', from);
  return i === -1 ? -1 : i;
}

/**
 * An ARN pattern against an ARN, part by part (a wildcard in the first five parts stays in its part).
 * Either side malformed: unknown when the two match as unsegmented globs, false otherwise.
 */
export function arnGlob(pattern: string, subject: string): Tri {
  let p = 0;
  let s = 0;
  let matched = true;
  for (let part = 0; part < 6; part++) {
    const last = part === 5;
    const pe = partEnd(pattern, p, last);
    const se = partEnd(subject, s, last);
    if (pe === -1 || se === -1) return globMatch(pattern, subject) ? UNKNOWN : false;
    if (matched && !globRange(pattern, p, pe, subject, s, se)) matched = false;
    p = pe + 1;
    s = se + 1;
  }
  return matched;
}
