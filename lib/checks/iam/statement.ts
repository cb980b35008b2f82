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
import { ResourceMatchOptions, actionMatches, resourceMatches } from './matching';
import { PrincipalEnv, PrincipalMatch, principalMatches } from './principals';
import { UnknownTest, scalar, stringList } from './tokens';
import { Tri, UNKNOWN, and, not, some } from './tri';
import { IamRequest, JsonValue, PolicyDocument, PolicyStatement, RequestPrincipal } from './types';

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

/**
 * Action and resource matches of a statement, remembered per statement object (statements are
 * never changed once parsed; rules ask about the same ones thousands of times). Only for requests
 * without a caller's unknown test, and for resources only where no policy variable is read.
 */
const actionMemo = new WeakMap<object, Map<string, Tri>>();
const resourceMemo = new WeakMap<object, Map<string, Tri>>();

function remembered(
  memo: WeakMap<object, Map<string, Tri>>,
  s: PolicyStatement,
  key: string,
  compute: () => Tri,
): Tri {
  let byKey = memo.get(s);
  if (!byKey) memo.set(s, (byKey = new Map<string, Tri>()));
  let out = byKey.get(key);
  if (out === undefined) {
    out = compute();
    byKey.set(key, out);
  }
  return out;
}

function actionApplies(s: PolicyStatement, env: StatementEnv): Tri {
  const action = env.request.action;
  if (env.isUnknown) return actionAppliesNow(s, action, env.isUnknown);
  return remembered(actionMemo, s, action, () => actionAppliesNow(s, action, undefined));
}

function actionAppliesNow(s: PolicyStatement, action: string, isUnknown: UnknownTest | undefined): Tri {
  if (s.Action !== undefined) return some(listOf(s.Action), (v) => actionMatches(v, action, isUnknown));
  if (s.NotAction !== undefined)
    return not(some(listOf(s.NotAction), (v) => actionMatches(v, action, isUnknown)));
  return UNKNOWN;
}

function resourceApplies(s: PolicyStatement, context: RequestContext | undefined, env: StatementEnv): Tri {
  const resource = env.request.resource;
  if (env.isUnknown || (context !== undefined && readsVariables(s)))
    return resourceAppliesNow(s, resource, { context, isUnknown: env.isUnknown });
  // Without variables the context is never read: the match depends on the resource alone.
  return remembered(resourceMemo, s, resource, () => resourceAppliesNow(s, resource, NO_OPTIONS));
}

const NO_OPTIONS: ResourceMatchOptions = {};

/** Whether a Resource/NotResource value holds `${`, so it may read the context (see resourceMatches). */
function readsVariables(s: PolicyStatement): boolean {
  const value = s.Resource !== undefined ? s.Resource : s.NotResource;
  return value !== undefined && listOf(value).some((v) => v.includes('${'));
}

function resourceAppliesNow(s: PolicyStatement, resource: string, o: ResourceMatchOptions): Tri {
  if (s.Resource !== undefined) return some(listOf(s.Resource), (v) => resourceMatches(v, resource, o));
  if (s.NotResource !== undefined)
    return not(some(listOf(s.NotResource), (v) => resourceMatches(v, resource, o)));
  return true;
}

/**
 * How a statement names a principal, remembered per statement and principal object (callers are
 * made once per check and ask many questions): it depends on nothing else but the effect and
 * whether the principal has a boundary, which are part of the key.
 */
const principalMemo = new WeakMap<object, WeakMap<RequestPrincipal, Map<string, PrincipalMatch>>>();

function principalOf(s: PolicyStatement, effect: StatementEffect, env: StatementEnv): PrincipalMatch {
  if (env.isUnknown) return principalOfNow(s, effect, env);
  let byPrincipal = principalMemo.get(s);
  if (!byPrincipal) principalMemo.set(s, (byPrincipal = new WeakMap()));
  const p = env.request.principal;
  let byCase = byPrincipal.get(p);
  if (!byCase) byPrincipal.set(p, (byCase = new Map<string, PrincipalMatch>()));
  const key = `${effect}|${String(env.hasBoundary)}`;
  let out = byCase.get(key);
  if (!out) {
    out = principalOfNow(s, effect, env);
    byCase.set(key, out);
  }
  return out;
}

function principalOfNow(s: PolicyStatement, effect: StatementEffect, env: StatementEnv): PrincipalMatch {
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
