/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- event patterns and events are untyped JSON */
import { Json } from '../../cfn';

/**
 * Does an EventBridge event pattern match an event? The pattern syntax of EventBridge: exact values,
 * `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`, `exists`, `numeric`, `cidr`
 * and `$or`. Used to prove that an alert rule fires on the events it must: any part of a pattern this
 * matcher does not understand matches nothing, so an alert is never credited on a guess.
 */
export function patternMatches(pattern: Json, event: Json): boolean {
  if (!isObject(pattern)) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') {
      return Array.isArray(expected) && expected.some((alt) => patternMatches(alt, event));
    }
    const actual = isObject(event) ? event[key] : undefined;
    if (Array.isArray(expected)) return leafMatches(expected, actual);
    // A missing parent is an empty object: only `exists: false` below it can match.
    if (isObject(expected)) return patternMatches(expected, actual === undefined ? {} : actual);
    return false;
  });
}

const isObject = (v: Json): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field's values: an array field matches when any of its elements does. */
function leafMatches(matchers: Json[], actual: Json): boolean {
  const present = actual !== undefined;
  const values = Array.isArray(actual) ? actual : [actual];
  return matchers.some((m) => {
    if (isObject(m) && 'exists' in m) return m.exists === true ? present : m.exists === false && !present;
    return present && values.some((v) => valueMatches(m, v));
  });
}

function valueMatches(m: Json, v: Json): boolean {
  if (!isObject(m)) return m === v;
  const keys = Object.keys(m);
  if (keys.length !== 1) return false;
  const [op] = keys;
  const arg = m[op];
  switch (op) {
    case 'prefix':
      return stringTest(arg, v, (a, s) => s.startsWith(a));
    case 'suffix':
      return stringTest(arg, v, (a, s) => s.endsWith(a));
    case 'equals-ignore-case':
      return typeof arg === 'string' && typeof v === 'string' && arg.toLowerCase() === v.toLowerCase();
    case 'wildcard':
      return typeof arg === 'string' && typeof v === 'string' && wildcard(arg).test(v);
    case 'anything-but':
      return anythingBut(arg, v);
    case 'numeric':
      return typeof v === 'number' && numeric(arg, v);
    default:
      return false; // cidr and operators added later: not credited
  }
}

/** `{prefix: "x"}` or `{prefix: {equals-ignore-case: "x"}}`. */
function stringTest(arg: Json, v: Json, test: (a: string, s: string) => boolean): boolean {
  if (typeof v !== 'string') return false;
  if (typeof arg === 'string') return test(arg, v);
  if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string') {
    return test(arg['equals-ignore-case'].toLowerCase(), v.toLowerCase());
  }
  return false;
}

function wildcard(text: string): RegExp {
  const body = text
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

function anythingBut(arg: Json, v: Json): boolean {
  if (Array.isArray(arg)) return !arg.some((x) => x === v);
  if (isObject(arg)) return !valueMatches(arg, v) && Object.keys(arg).length === 1 && knownOperator(arg);
  return arg !== v;
}

const knownOperator = (m: Json) =>
  ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(Object.keys(m)[0]);

function numeric(arg: Json, v: number): boolean {
  if (!Array.isArray(arg) || arg.length % 2 !== 0) return false;
  for (let i = 0; i < arg.length; i += 2) {
    const [op, bound] = [arg[i], arg[i + 1]];
    if (typeof bound !== 'number') return false;
    const ok =
      op === '='
        ? v === bound
        : op === '<'
          ? v < bound
          : op === '<='
            ? v <= bound
            : op === '>'
              ? v > bound
              : op === '>='
                ? v >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}
