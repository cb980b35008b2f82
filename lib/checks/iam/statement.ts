/**
 * One statement against the request: does its Action/NotAction, Resource/NotResource and Condition
 * apply (`core`), and how does its Principal/NotPrincipal name the principal.
 *
 * - Statement may be one object or a list; Action/Resource a string or a list.
 * - NotAction/NotResource apply when no listed value matches.
 * - No Resource and no NotResource: the statement applies to the resource the policy is attached to
 *   (trust policies, key policies).
 * - Malformed statements (no Effect or another value than Allow/Deny, both or neither of
 *   Action/NotAction, both Resource and NotResource, no Principal in a resource-side policy) are
 *   unknown: AWS would reject them, so nothing certain may rest on them.
 * - An Effect that is an unresolved value is unknown: the evaluator tries it both ways.
 */
import { ConditionEnv, conditionMatches } from './conditions';
import { RequestContext } from './context';
import { actionMatches, resourceMatches } from './matching';
import { PrincipalEnv, PrincipalMatch, principalMatches } from './principals';
import { UnknownTest, scalar, stringList } from './tokens';
import { Tri, UNKNOWN, and, not, some } from './tri';
import { IamRequest, JsonValue, PolicyDocument, PolicyStatement } from './types';

export type StatementEffect = 'Allow' | 'Deny' | 'unknown';

export interface StatementResult {
  readonly index: number;
  readonly sid?: string;
  readonly effect: StatementEffect;
  /** Action, Resource and Condition all apply. */
  readonly core: Tri;
  /** How the statement names the principal; identity-side policies name everyone. */
  readonly principal: PrincipalMatch;
}

export interface StatementEnv {
  readonly request: IamRequest;
  readonly context: RequestContext;
  /** Whether Principal/NotPrincipal are read (resource-side policies) or ignored (identity side). */
  readonly resourceSide: boolean;
  readonly hasBoundary: boolean;
  readonly isUnknown?: UnknownTest;
}

const EVERYONE: PrincipalMatch = { named: true, account: false, exact: true };
const MALFORMED: PrincipalMatch = { named: UNKNOWN, account: UNKNOWN, exact: UNKNOWN };
/** For a statement that does not apply: who it names no longer matters. */
const NOBODY: PrincipalMatch = { named: false, account: false, exact: false };

export function statementsOf(doc: PolicyDocument): JsonValue[] {
  const s = doc.Statement as JsonValue | undefined;
  if (s === undefined || s === null) return [];
  return Array.isArray(s) ? (s as JsonValue[]) : [s];
}

export function evaluateDocument(doc: PolicyDocument, env: StatementEnv): StatementResult[] {
  const variables = doc.Version === '2012-10-17';
  return statementsOf(doc).map((s, index) => evaluateStatement(s, index, variables, env));
}

function isStatement(s: JsonValue): s is PolicyStatement & { readonly [k: string]: JsonValue } {
  return typeof s === 'object' && s !== null && !Array.isArray(s);
}

function evaluateStatement(
  s: JsonValue,
  index: number,
  variables: boolean,
  env: StatementEnv,
): StatementResult {
  if (!isStatement(s)) return { index, effect: 'unknown', core: UNKNOWN, principal: MALFORMED };
  const sid = scalar(s.Sid);
  const effect = effectOf(s.Effect);
  const context = variables ? env.context : undefined;
  // Each part is computed only while the statement may still apply: most statements of a policy are
  // about other actions, and a false part makes the whole false whatever the others are.
  let core: Tri = wellFormed(s) ? true : UNKNOWN;
  core = and(core, actionApplies(s, env));
  if (core !== false) core = and(core, resourceApplies(s, context, env));
  if (core !== false) {
    core = and(
      core,
      conditionMatches(s.Condition, {
        context: env.context,
        variables,
        isUnknown: env.isUnknown,
      } satisfies ConditionEnv),
    );
  }
  if (core === false) return { index, sid, effect, core, principal: NOBODY };
  const principal = env.resourceSide ? principalOf(s, effect, env) : EVERYONE;
  return { index, sid, effect, core, principal };
}

/** Allow or Deny exactly; anything else (unresolved, or a value AWS rejects) is tried both ways. */
function effectOf(effect: JsonValue | undefined): StatementEffect {
  return effect === 'Allow' || effect === 'Deny' ? effect : 'unknown';
}

function wellFormed(s: PolicyStatement): boolean {
  const effectOk = s.Effect !== undefined;
  const oneAction = (s.Action === undefined) !== (s.NotAction === undefined);
  const resources = !(s.Resource !== undefined && s.NotResource !== undefined);
  return effectOk && oneAction && resources;
}

/**
 * An element's values as strings, read once per element: policies are evaluated against many
 * requests, and elements are never changed once parsed.
 */
const lists = new WeakMap<object, string[]>();

function listOf(value: JsonValue): string[] {
  if (typeof value !== 'object' || value === null) return stringList(value);
  let out = lists.get(value);
  if (!out) lists.set(value, (out = stringList(value)));
  return out;
}

function actionApplies(s: PolicyStatement, env: StatementEnv): Tri {
  const action = env.request.action;
  if (s.Action !== undefined) return some(listOf(s.Action), (v) => actionMatches(v, action, env.isUnknown));
  if (s.NotAction !== undefined) {
    return not(some(listOf(s.NotAction), (v) => actionMatches(v, action, env.isUnknown)));
  }
  return UNKNOWN;
}

function resourceApplies(s: PolicyStatement, context: RequestContext | undefined, env: StatementEnv): Tri {
  const o = { context, isUnknown: env.isUnknown };
  const resource = env.request.resource;
  if (s.Resource !== undefined) return some(listOf(s.Resource), (v) => resourceMatches(v, resource, o));
  if (s.NotResource !== undefined) {
    return not(some(listOf(s.NotResource), (v) => resourceMatches(v, resource, o)));
  }
  return true;
}

function principalOf(s: PolicyStatement, effect: StatementEffect, env: StatementEnv): PrincipalMatch {
  const penv: PrincipalEnv = {
    principal: env.request.principal,
    hasBoundary: env.hasBoundary,
    isUnknown: env.isUnknown,
  };
  if (effect === 'unknown') {
    // Read the element both ways and keep only what both readings agree on.
    const asAllow = principalMatches(s.Principal, s.NotPrincipal, 'Allow', penv) ?? MALFORMED;
    const asDeny = principalMatches(s.Principal, s.NotPrincipal, 'Deny', penv) ?? MALFORMED;
    return {
      named: agree(asAllow.named, asDeny.named),
      account: agree(asAllow.account, asDeny.account),
      exact: agree(asAllow.exact, asDeny.exact),
    };
  }
  return principalMatches(s.Principal, s.NotPrincipal, effect, penv) ?? MALFORMED;
}

function agree(a: Tri, b: Tri): Tri {
  return a === b ? a : UNKNOWN;
}
