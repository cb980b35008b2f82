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
  let p = 0;
  let s = 0;
  let star = -1;
  let mark = 0;
  while (s < subject.length) {
    const c = pattern[p];
    if (p < pattern.length && (c === '?' || c === subject[s])) {
      p++;
      s++;
    } else if (p < pattern.length && c === '*') {
      star = p++;
      mark = s;
    } else if (star !== -1) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Split on the first five colons (an ARN's six parts; the resource part keeps its colons). */
function splitArn(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length && parts.length < 5; i++) {
    if (value[i] === ':') {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/**
 * An ARN pattern against an ARN, part by part (a wildcard in the first five parts stays in its part).
 * Either side malformed: unknown when the two match as unsegmented globs, false otherwise.
 */
export function arnGlob(pattern: string, subject: string): Tri {
  const p = splitArn(pattern);
  const s = splitArn(subject);
  if (p.length === 6 && s.length === 6) return p.every((part, i) => globMatch(part, s[i]));
  return globMatch(pattern, subject) ? UNKNOWN : false;
}
