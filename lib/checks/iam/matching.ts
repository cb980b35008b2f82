/**
 * Action, resource and ARN matching.
 *
 * - Actions: case-insensitive; `*` matches any run of characters, `?` exactly one; `*` alone matches
 *   every action.
 * - ARNs (Resource, NotResource, Arn* condition operators): case-sensitive and segment by segment.
 *   An ARN has six colon-separated parts (arn:partition:service:region:account:resource); a wildcard in
 *   the first five stays within its part, while in the resource part it spans `/` and `:` alike.
 *   `*` alone as a Resource matches every resource, '*' included.
 * - A policy ARN with fewer than six parts is malformed: AWS's handling of it is not documented, so it
 *   matches nothing when it could not match anyway, and is unknown otherwise.
 * - Policy variables are resolved only in the resource part of a Resource ARN (after the fifth colon).
 */
import { matches } from './glob';
import { RequestContext } from './context';
import { allPlain, arnGlob, globMatch } from './plain';
import { Token, UnknownTest, hasUnknown, subject } from './tokens';
import { Tri, UNKNOWN, and } from './tri';
import { pattern } from './variables';

export function actionMatches(policyValue: string, action: string, isUnknown?: UnknownTest): Tri {
  if (allPlain(isUnknown, policyValue, action))
    return globMatch(policyValue.toLowerCase(), action.toLowerCase());
  const p = pattern(policyValue, { wildcards: true, lowerCase: true, isUnknown });
  return p ? matches(p, subject(action, isUnknown, true)) : false;
}

export interface ResourceMatchOptions {
  /** Resolve policy variables from this context (policies with Version 2012-10-17). */
  readonly context?: RequestContext;
  readonly isUnknown?: UnknownTest;
}

/** A Resource/NotResource value against the request's resource. */
export function resourceMatches(policyValue: string, resource: string, o: ResourceMatchOptions): Tri {
  if (policyValue === '*') return true;
  const cut = fifthColon(policyValue, o.isUnknown);
  const variables = o.context !== undefined && cut !== -1 && policyValue.includes('${', cut);
  if (!variables && allPlain(o.isUnknown, policyValue, resource)) return arnGlob(policyValue, resource);
  const head = pattern(cut === -1 ? policyValue : policyValue.slice(0, cut + 1), {
    wildcards: true,
    isUnknown: o.isUnknown,
  });
  const tail = cut === -1 ? [] : pattern(policyValue.slice(cut + 1), { wildcards: true, ...o });
  if (!head || !tail) return false;
  return arnTokensMatch([...head, ...tail], subject(resource, o.isUnknown));
}

/** An ARN condition value (variables already resolved into the tokens) against a request value. */
export function arnTokensMatch(p: readonly Token[], s: readonly Token[]): Tri {
  const ps = splitArn(p);
  const ss = splitArn(s);
  if (ps.length === 6 && ss.length === 6) {
    const bySegment = and(...ps.map((seg, i) => matches(seg, ss[i])));
    if (bySegment !== false || (!hasUnknown(p) && !hasUnknown(s))) return bySegment;
  }
  if (sharedUnknownPrefixMatches(p, s)) return true;
  // Malformed on either side, or unknowns whose text might move a colon: only rule out what cannot
  // match even as one unsegmented pattern.
  const whole = matches(p, s);
  return whole === false ? false : UNKNOWN;
}

/**
 * `{{unknown:Bucket.Arn}}/*` against `{{unknown:Bucket.Arn}}/data.csv`: both start with the same text,
 * whatever it is, so they split into the same segments there; when the rest holds no colon and no
 * unknown, matching the rests as plain globs decides (a match of the rests is a match of the wholes).
 */
function sharedUnknownPrefixMatches(p: readonly Token[], s: readonly Token[]): boolean {
  let i = 0;
  while (i < p.length && i < s.length && sameToken(p[i], s[i])) i++;
  const restP = p.slice(i);
  const restS = s.slice(i);
  const plain = (ts: readonly Token[]) => !hasUnknown(ts) && !ts.some((t) => t.k === 'c' && t.c === ':');
  return hasUnknown(p.slice(0, i)) && plain(restP) && plain(restS) && matches(restP, restS) === true;
}

function sameToken(a: Token, b: Token): boolean {
  if (a.k === 'c' && b.k === 'c') return a.c === b.c;
  if (a.k === 'u' && b.k === 'u') return a.id === b.id;
  return false;
}

/** Split on the first five literal colons (unknown tokens are never split). */
function splitArn(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.k === 'c' && t.c === ':' && parts.length < 6) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}

/** Index of the fifth colon outside unknown markers, or -1. */
function fifthColon(value: string, isUnknown?: UnknownTest): number {
  if (isUnknown?.(value)) return -1;
  let count = 0;
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('{{unknown:', i)) {
      const end = value.indexOf('}}', i);
      if (end === -1) return -1;
      i = end + 2;
      continue;
    }
    if (value[i] === ':' && ++count === 5) return i;
    i++;
  }
  return -1;
}
