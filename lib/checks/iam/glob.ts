/**
 * Wildcard matching over tokens, three-valued.
 *
 * `matches(pattern, subject)` is true when the pattern matches whatever the unknown tokens stand for
 * (an unknown in the subject is consumed only by a `*` or by the same unknown in the pattern), false
 * when it cannot match whatever they stand for (every unknown read as `*` on both sides and the two
 * patterns still share no string), and unknown otherwise.
 */
import { Token, hasUnknown } from './tokens';
import { Tri, UNKNOWN } from './tri';

/** Pattern tokens match subject tokens, reading unknowns as opaque values. */
function strict(p: readonly Token[], s: readonly Token[]): boolean {
  if (!p.some((t) => t.k === '*')) {
    // No star: a match is position by position.
    return p.length === s.length && p.every((t, i) => consumesOne(t, s[i]));
  }
  // next[j]: does p[i+1..] match s[j..]; cur[j] the same for p[i..]. Built from the pattern's end.
  let next = new Uint8Array(s.length + 1);
  let cur = new Uint8Array(s.length + 1);
  next[s.length] = 1;
  for (let i = p.length - 1; i >= 0; i--) {
    const t = p[i];
    cur.fill(0);
    for (let j = s.length; j >= 0; j--) {
      if (t.k === '*') {
        cur[j] = next[j] || (j < s.length ? cur[j + 1] : 0);
      } else if (j < s.length && consumesOne(t, s[j])) {
        cur[j] = next[j + 1];
      }
    }
    [next, cur] = [cur, next];
  }
  return next[0] === 1;
}

function consumesOne(p: Token, s: Token): boolean {
  if (p.k === '?') return s.k === 'c';
  if (p.k === 'c') return s.k === 'c' && s.c === p.c;
  if (p.k === 'u') return s.k === 'u' && s.id === p.id;
  return false;
}

/** Whether two patterns (unknowns read as `*`, `?` only on the pattern side) share any string. */
function intersect(p: readonly Token[], s: readonly Token[]): boolean {
  const star = (t: Token | undefined) => t !== undefined && (t.k === '*' || t.k === 'u');
  const seen = new Set<number>();
  const width = s.length + 1;
  const queue: Array<[number, number]> = [[0, 0]];
  while (queue.length > 0) {
    const [i, j] = queue.pop()!;
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === p.length && j === s.length) return true;
    const a = p[i];
    const b = s[j];
    if (star(a)) queue.push([i + 1, j]);
    if (star(b)) queue.push([i, j + 1]);
    if (a !== undefined && b !== undefined && shareOneChar(a, b)) {
      queue.push([star(a) ? i : i + 1, star(b) ? j : j + 1]);
    }
  }
  return false;
}

function shareOneChar(a: Token, b: Token): boolean {
  if (a.k === 'c' && b.k === 'c') return a.c === b.c;
  return true;
}

export function matches(pattern: readonly Token[], subject: readonly Token[]): Tri {
  if (strict(pattern, subject)) return true;
  if (!hasUnknown(pattern) && !hasUnknown(subject)) return false;
  return intersect(pattern, subject) ? UNKNOWN : false;
}
