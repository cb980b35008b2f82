/**
 * Condition operators, one request value against one policy value. Each operator is stated as its
 * positive test; the negated operators (StringNotEquals, NumericNotEquals, DateNotEquals,
 * NotIpAddress, ArnNotEquals, ArnNotLike, StringNotLike, StringNotEqualsIgnoreCase) are the negation of
 * "some policy value passes the positive test" (AWS: values of a negated operator are NORed).
 *
 * - String: Equals is exact and case-sensitive; IgnoreCase folds case; Like adds `*` and `?`.
 * - Numeric: integers or decimals. Date: ISO 8601 or epoch seconds (UTC).
 * - Bool: "true"/"false", any case. BinaryEquals: base64, compared as bytes.
 * - IpAddress: a CIDR block or a single address, IPv4 or IPv6; an address of the other family never
 *   falls inside the block.
 * - Arn*: ArnEquals and ArnLike are the same test (AWS: both take wildcards), segment by segment.
 * - Policy variables only in String and Arn operators; elsewhere `${...}` is text.
 * - A policy value that is not valid for its operator (AWS rejects such a policy) is unknown; a request
 *   value that is not valid fails the test.
 */
import { BlockList, isIP } from 'node:net';
import { RequestContext } from './context';
import { matches } from './glob';
import { arnTokensMatch } from './matching';
import { allPlain, arnGlob, globMatch } from './plain';
import { STAR, UnknownTest, spans, subject } from './tokens';
import { Tri, UNKNOWN } from './tri';
import { pattern } from './variables';

type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn';
type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

export interface Operator {
  readonly family: Family;
  readonly negated: boolean;
  readonly comparison: Comparison;
  readonly ignoreCase: boolean;
  readonly like: boolean;
}

function op(
  family: Family,
  negated = false,
  comparison: Comparison = 'eq',
  ignoreCase = false,
  like = false,
) {
  return { family, negated, comparison, ignoreCase, like };
}

function ordered(family: 'numeric' | 'date'): Record<string, Operator> {
  const name = family === 'numeric' ? 'numeric' : 'date';
  return {
    [`${name}equals`]: op(family),
    [`${name}notequals`]: op(family, true),
    [`${name}lessthan`]: op(family, false, 'lt'),
    [`${name}lessthanequals`]: op(family, false, 'lte'),
    [`${name}greaterthan`]: op(family, false, 'gt'),
    [`${name}greaterthanequals`]: op(family, false, 'gte'),
  };
}

/** Operators by lower-case name, without qualifier or IfExists. Null is handled on its own. */
export const OPERATORS: Readonly<Record<string, Operator>> = {
  stringequals: op('string'),
  stringnotequals: op('string', true),
  stringequalsignorecase: op('string', false, 'eq', true),
  stringnotequalsignorecase: op('string', true, 'eq', true),
  stringlike: op('string', false, 'eq', false, true),
  stringnotlike: op('string', true, 'eq', false, true),
  ...ordered('numeric'),
  ...ordered('date'),
  bool: op('bool'),
  binaryequals: op('binary'),
  ipaddress: op('ip'),
  notipaddress: op('ip', true),
  arnequals: op('arn', false, 'eq', false, true),
  arnlike: op('arn', false, 'eq', false, true),
  arnnotequals: op('arn', true, 'eq', false, true),
  arnnotlike: op('arn', true, 'eq', false, true),
};

export interface OperandEnv {
  /** Set when the policy's Version allows variables. */
  readonly context?: RequestContext;
  readonly isUnknown?: UnknownTest;
}

/** The positive test of `o` for one request value and one policy value. */
export function positive(o: Operator, requestValue: string, policyValue: string, env: OperandEnv): Tri {
  if (o.family === 'string' || o.family === 'arn') return textual(o, requestValue, policyValue, env);
  if (isUnknownText(requestValue, env.isUnknown) || isUnknownText(policyValue, env.isUnknown)) return UNKNOWN;
  switch (o.family) {
    case 'numeric':
      return compare(o.comparison, parseNumber(policyValue), parseNumber(requestValue));
    case 'date':
      return compare(o.comparison, parseDate(policyValue), parseDate(requestValue));
    case 'bool':
      return boolTest(requestValue, policyValue);
    case 'binary':
      return binaryTest(requestValue, policyValue);
    case 'ip':
      return ipTest(requestValue, policyValue);
  }
}

function textual(o: Operator, requestValue: string, policyValue: string, env: OperandEnv): Tri {
  const variables = env.context !== undefined && policyValue.includes('${');
  if (!variables && allPlain(env.isUnknown, requestValue, policyValue)) {
    const p = o.ignoreCase ? policyValue.toLowerCase() : policyValue;
    const s = o.ignoreCase ? requestValue.toLowerCase() : requestValue;
    if (o.family === 'string') return o.like ? globMatch(p, s) : p === s;
    return /^\**$/.test(p) ? true : arnGlob(p, s);
  }
  const p = pattern(policyValue, {
    wildcards: o.like,
    lowerCase: o.ignoreCase,
    context: env.context,
    isUnknown: env.isUnknown,
  });
  if (!p) return false;
  const s = subject(requestValue, env.isUnknown, o.ignoreCase);
  if (o.family === 'string') return matches(p, s);
  return p.every((t) => t === STAR) ? true : arnTokensMatch(p, s);
}

function isUnknownText(value: string, isUnknown?: UnknownTest): boolean {
  return spans(value, isUnknown).some((s) => s.unknown);
}

function compare(c: Comparison, policy: number | undefined, request: number | undefined): Tri {
  if (policy === undefined) return UNKNOWN;
  if (request === undefined) return false;
  switch (c) {
    case 'eq':
      return request === policy;
    case 'lt':
      return request < policy;
    case 'lte':
      return request <= policy;
    case 'gt':
      return request > policy;
    case 'gte':
      return request >= policy;
  }
}

function parseNumber(value: string): number | undefined {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim()) ? Number(value) : undefined;
}

function parseDate(value: string): number | undefined {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/.test(v))
    return undefined;
  const ms = Date.parse(/[Tt ]/.test(v) && !/([Zz]|[+-]\d{2}:?\d{2})$/.test(v) ? `${v}Z` : v);
  return Number.isNaN(ms) ? undefined : ms;
}

function parseBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

function boolTest(requestValue: string, policyValue: string): Tri {
  const p = parseBool(policyValue);
  if (p === undefined) return UNKNOWN;
  const r = parseBool(requestValue);
  return r !== undefined && r === p;
}

function base64(value: string): Buffer | undefined {
  const v = value.trim();
  return /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0 ? Buffer.from(v, 'base64') : undefined;
}

function binaryTest(requestValue: string, policyValue: string): Tri {
  const p = base64(policyValue);
  if (!p) return UNKNOWN;
  const r = base64(requestValue);
  return r !== undefined && r.equals(p);
}

function ipTest(requestValue: string, policyValue: string): Tri {
  const [address, prefixText, extra] = policyValue.trim().split('/');
  const family = isIP(address);
  const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
  const max = family === 6 ? 128 : 32;
  if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    return UNKNOWN;
  }
  const requestFamily = isIP(requestValue.trim());
  if (requestFamily !== family) return false;
  const block = new BlockList();
  const type = family === 6 ? 'ipv6' : 'ipv4';
  block.addSubnet(address, prefix, type);
  return block.check(requestValue.trim(), type);
}
