/**
 * The Condition element.
 *
 * - Operators are ANDed, keys within an operator are ANDed, values for one key are ORed (NORed for
 *   negated operators). Condition keys are case-insensitive; JSON numbers and booleans are values.
 * - Key absent from the request: IfExists → true; ForAllValues → true; ForAnyValue → false; otherwise
 *   a negated operator → true and any other → false (IAM User Guide, "Condition operators").
 * - Null: "true" holds when the key is absent, "false" when present (an empty list is absent).
 * - ForAllValues: every request value passes; ForAnyValue: at least one does.
 * - A multivalued key (an array in the request) under an operator without ForAllValues/ForAnyValue
 *   never matches, negated operators and IfExists included: AWS requires a set operator there (as
 *   @cloud-copilot/iam-simulate records AWS confirming at re:Inforce 2025, session IAM431).
 * - An unrecognised operator or qualifier, or a malformed block, is unknown: AWS would reject the
 *   policy, so the caller must not trust a decision that depends on it.
 */
import { RequestContext } from './context';
import { OPERATORS, Operator, OperandEnv, positive } from './operators';
import { spans, stringList } from './tokens';
import { Tri, UNKNOWN, every, not, some } from './tri';
import { JsonValue } from './types';

export interface ConditionEnv {
  readonly context: RequestContext;
  /** Whether policy variables are resolved (Version 2012-10-17). */
  readonly variables: boolean;
  readonly isUnknown?: (value: string) => boolean;
}

type Qualifier = 'all' | 'any' | undefined;

interface ParsedOperator {
  readonly qualifier: Qualifier;
  readonly ifExists: boolean;
  /** undefined for Null. */
  readonly operator?: Operator;
}

/** One operator block, read: undefined when the operator or the block is malformed. */
type Block = { readonly parsed: ParsedOperator; readonly keys: readonly [string, string[]][] } | undefined;

/** Condition elements read once each: policies are evaluated against many requests. */
const parsedConditions = new WeakMap<object, Block[]>();

function blocksOf(condition: { readonly [k: string]: JsonValue }): Block[] {
  let blocks = parsedConditions.get(condition);
  if (!blocks) {
    blocks = Object.entries(condition).map(([name, block]) => {
      const parsed = parseOperator(name);
      if (!parsed || !isObject(block)) return undefined;
      return {
        parsed,
        keys: Object.entries(block).map(([key, values]) => [key, stringList(values)] as [string, string[]]),
      };
    });
    parsedConditions.set(condition, blocks);
  }
  return blocks;
}

export function conditionMatches(condition: JsonValue | undefined, env: ConditionEnv): Tri {
  if (condition === undefined) return true;
  if (!isObject(condition)) return UNKNOWN;
  return every(blocksOf(condition), (block) =>
    block ? every(block.keys, ([key, values]) => keyMatches(block.parsed, key, values, env)) : UNKNOWN,
  );
}

function isObject(v: JsonValue): v is { readonly [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Operator names read once each (the same few names recur in every policy). */
const parsedOperators = new Map<string, ParsedOperator | undefined>();

function parseOperator(name: string): ParsedOperator | undefined {
  if (parsedOperators.has(name)) return parsedOperators.get(name);
  const parsed = readOperator(name);
  // Bounded: names come from templates, and a long-lived process reads many.
  if (parsedOperators.size > 10_000) parsedOperators.clear();
  parsedOperators.set(name, parsed);
  return parsed;
}

function readOperator(name: string): ParsedOperator | undefined {
  const m = /^(?:(forallvalues|foranyvalue):)?(.+?)(ifexists)?$/i.exec(name);
  if (!m) return undefined;
  const qualifier: Qualifier = m[1] ? (m[1].toLowerCase() === 'forallvalues' ? 'all' : 'any') : undefined;
  const base = m[2].toLowerCase();
  const ifExists = m[3] !== undefined;
  if (base === 'null') return ifExists ? undefined : { qualifier: undefined, ifExists: false };
  const operator = OPERATORS[base];
  return operator ? { qualifier, ifExists, operator } : undefined;
}

/** Whether a string holds an unknown value (what `spans` would mark), without splitting it. */
function holdsUnknown(value: string, isUnknown?: (value: string) => boolean): boolean {
  if (!isUnknown && !value.includes('{{unknown:')) return false;
  return spans(value, isUnknown).some((s) => s.unknown);
}

function keyMatches(p: ParsedOperator, key: string, policyValues: string[], env: ConditionEnv): Tri {
  if (holdsUnknown(key, env.isUnknown)) return UNKNOWN;
  const present = env.context.get(key);
  if (!p.operator) return nullMatches(present !== undefined, policyValues, env);
  if (present === undefined) {
    if (p.ifExists || p.qualifier === 'all') return true;
    if (p.qualifier === 'any') return false;
    return p.operator.negated;
  }
  const operand: OperandEnv = { context: env.variables ? env.context : undefined, isUnknown: env.isUnknown };
  const o = p.operator;
  if (p.qualifier === 'all') return every(present.values, (v) => oneValue(o, v, policyValues, operand));
  if (p.qualifier === 'any') return some(present.values, (v) => oneValue(o, v, policyValues, operand));
  return present.multi ? false : oneValue(o, present.values[0], policyValues, operand);
}

/** One request value against the policy values: ORed, then negated for a negated operator. */
function oneValue(
  o: Operator,
  requestValue: string,
  policyValues: readonly string[],
  operand: OperandEnv,
): Tri {
  let base: Tri = false;
  for (const policyValue of policyValues) {
    const v = positive(o, requestValue, policyValue, operand);
    if (v === true) {
      base = true;
      break;
    }
    if (v === UNKNOWN) base = UNKNOWN;
  }
  return o.negated ? not(base) : base;
}

function nullMatches(present: boolean, policyValues: string[], env: ConditionEnv): Tri {
  return some(policyValues, (value) => {
    if (spans(value, env.isUnknown).some((s) => s.unknown)) return UNKNOWN;
    const v = value.toLowerCase();
    if (v !== 'true' && v !== 'false') return UNKNOWN;
    return (v === 'true') === !present;
  });
}
