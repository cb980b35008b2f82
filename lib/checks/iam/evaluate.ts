/**
 * What AWS decides for one request under a set of policies (IAM User Guide, "Policy evaluation
 * logic", and the pages it links for each policy type).
 *
 * 1. An explicit Deny in any applicable policy wins.
 * 2. Otherwise the request is allowed only when a grant exists and every guardrail allows:
 *    - SCPs (IAM users, roles and root of a member account; not service principals): at every level of
 *      the organization some attached policy must allow.
 *    - RCPs: RCPFullAWSAccess is always attached, so they only deny.
 *    - A VPC endpoint policy, when the request goes through one, must allow (its Principal counts).
 * 3. The grant:
 *    - Same account ('default' kind): an identity policy or the resource policy allows. A resource
 *      policy that names only the account delegates to identity policies and grants nothing alone.
 *    - Cross account: an identity policy allows AND the resource policy allows (naming the principal,
 *      its role or its account).
 *    - 'kms-key' and 'role-trust': the resource policy is authoritative. Same account: it allows by
 *      naming the principal (or its role, or everyone), or it names the account and an identity policy
 *      allows. Cross account: both must allow, as always.
 *    - A permissions boundary and a session policy limit what identity policies grant and what a
 *      resource policy grants through the role ARN or the account; a same-account resource policy
 *      that names the exact user or session escapes their implicit deny (not their explicit Deny).
 *    - The root user has no identity policies: its own account's permissions are implicit. It cannot
 *      assume roles ('role-trust' never grants to root).
 *    - Service, federated and anonymous principals have no identity policies: the resource policy
 *      alone grants.
 * 4. Unknown values: every statement evaluates to true, false or unknown. The decision is computed
 *    twice, once with every unknown leaning towards access and once against it. The first is reported
 *    (a request it denies is denied whatever the unknowns are); `certain` says both agree. When the
 *    resource's account is unknown (S3 ARNs carry none) and it matters, the decision is uncertain.
 */
import { isIamIdentity, requestContext } from './context';
import { matches } from './glob';
import { allPlain } from './plain';
import { StatementEnv, StatementResult, evaluateDocument } from './statement';
import { subject } from './tokens';
import { Tri, UNKNOWN, and, or, resolve } from './tri';
import {
  Decision,
  EvaluateOptions,
  EvaluationResult,
  IamRequest,
  MatchedStatement,
  Named,
  Policies,
  ResourceKind,
} from './types';

type SetKind = 'identity' | 'resource' | 'boundary' | 'session' | 'scp' | 'rcp' | 'endpoint';

interface Evaluated {
  readonly set: SetKind;
  readonly policy: string;
  /** SCP/RCP level, for the "every level allows" rule. */
  readonly level: number;
  readonly statement: StatementResult;
}

export function evaluate(
  request: IamRequest,
  policies: Policies,
  options: EvaluateOptions = {},
): EvaluationResult {
  const kind = options.kind ?? 'default';
  const evaluated = evaluateAll(request, policies, options);
  const same = sameAccount(request, options);
  const scenarios: boolean[] = same === UNKNOWN ? [true, false] : [same];
  const at = (lean: boolean) => scenarios.map((s) => decide(evaluated, request, policies, kind, lean, s));
  const permissive = at(true).reduce(morePermissive);
  const restrictive = at(false).reduce(lessPermissive);
  return { decision: permissive, certain: permissive === restrictive, matched: matchedOf(evaluated) };
}

/** Certainly allowed. */
export function isAllowed(result: EvaluationResult): boolean {
  return result.decision === 'Allow' && result.certain;
}

/**
 * Certainly denied (explicitly or implicitly). The reported decision is the most permissive one, and
 * access only grows as unknowns lean towards it, so a denial there is a denial everywhere.
 */
export function isDenied(result: EvaluationResult): boolean {
  return result.decision !== 'Allow';
}

const RANK: Record<Decision, number> = { ExplicitDeny: 0, ImplicitDeny: 1, Allow: 2 };

function morePermissive(a: Decision, b: Decision): Decision {
  return RANK[a] >= RANK[b] ? a : b;
}

function lessPermissive(a: Decision, b: Decision): Decision {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Which policy types apply to this kind of principal. */
function applicable(request: IamRequest, policies: Policies): Array<[SetKind, Named[][]]> {
  const t = request.principal.type;
  const iamIdentity = isIamIdentity(request.principal);
  const one = (n: Named | undefined): Named[][] => (n ? [[n]] : []);
  const sets: Array<[SetKind, Named[][]]> = [
    ['scp', iamIdentity || t === 'root' ? (policies.scps ?? []).map((l) => [...l]) : []],
    ['rcp', (policies.rcps ?? []).map((l) => [...l])],
    ['endpoint', one(policies.endpoint)],
    ['boundary', iamIdentity ? one(policies.boundary) : []],
    ['session', iamIdentity ? one(policies.session) : []],
    ['identity', iamIdentity ? [[...(policies.identity ?? [])]] : []],
    ['resource', one(policies.resource)],
  ];
  return sets;
}

function evaluateAll(request: IamRequest, policies: Policies, options: EvaluateOptions): Evaluated[] {
  const context = requestContext(request);
  const hasBoundary = policies.boundary !== undefined && isIamIdentity(request.principal);
  const out: Evaluated[] = [];
  for (const [set, levels] of applicable(request, policies)) {
    const env: StatementEnv = {
      request,
      context,
      resourceSide: set === 'resource' || set === 'rcp' || set === 'endpoint',
      hasBoundary,
      isUnknown: options.isUnknown,
    };
    levels.forEach((named, level) => {
      for (const p of named) {
        for (const statement of evaluateDocument(p.document, env))
          out.push({ set, policy: p.name, level, statement });
      }
    });
  }
  return out;
}

function sameAccount(request: IamRequest, options: EvaluateOptions): Tri {
  // An action on no resource ('*': s3:ListAllMyBuckets, sts:GetCallerIdentity) stays in the caller's account.
  if (request.resource === '*' && request.resourceAccount === undefined) return true;
  const fromArn = request.resource.split(':')[4];
  const resourceAccount =
    request.resourceAccount ?? (fromArn === undefined || fromArn === '' ? undefined : fromArn);
  if (resourceAccount === undefined) return UNKNOWN;
  if (allPlain(options.isUnknown, request.principal.account, resourceAccount))
    return request.principal.account === resourceAccount;
  return matches(
    subject(request.principal.account, options.isUnknown),
    subject(resourceAccount, options.isUnknown),
  );
}

/** How a statement's principal match counts for one purpose. */
type Reach = 'any' | 'named' | 'account' | 'exact';

function applies(e: Evaluated, reach: Reach): Tri {
  const s = e.statement;
  const p = s.principal;
  const who: Tri =
    reach === 'named'
      ? p.named
      : reach === 'account'
        ? p.account
        : reach === 'exact'
          ? p.exact
          : or(p.named, p.account);
  return and(s.core, who);
}

/**
 * One resolution of the unknowns. `lean` true: every unknown leans towards access (an Allow that may
 * apply does, a Deny that may apply does not, an unknown Effect is an Allow); false: the opposite.
 */
function decide(
  evaluated: readonly Evaluated[],
  request: IamRequest,
  policies: Policies,
  kind: ResourceKind,
  lean: boolean,
  same: boolean,
): Decision {
  const isAllow = (e: Evaluated) =>
    e.statement.effect === 'Allow' || (e.statement.effect === 'unknown' && lean);
  const isDeny = (e: Evaluated) =>
    e.statement.effect === 'Deny' || (e.statement.effect === 'unknown' && !lean);
  const allows = (e: Evaluated, reach: Reach) => isAllow(e) && resolve(applies(e, reach), lean);
  const denies = (e: Evaluated) => isDeny(e) && resolve(applies(e, 'any'), !lean);
  const inSet = (set: SetKind) => evaluated.filter((e) => e.set === set);
  const anyAllow = (set: SetKind, reach: Reach = 'any') => inSet(set).some((e) => allows(e, reach));

  if (evaluated.some(denies)) return 'ExplicitDeny';

  const t = request.principal.type;
  const iamIdentity = isIamIdentity(request.principal);
  const scpLevels = iamIdentity || t === 'root' ? (policies.scps ?? []) : [];
  const scpOk = scpLevels.every((_, level) =>
    inSet('scp').some((e) => e.level === level && allows(e, 'any')),
  );
  const endpointOk = policies.endpoint === undefined || anyAllow('endpoint');
  if (!scpOk || !endpointOk) return 'ImplicitDeny';

  const resNamed = anyAllow('resource', 'named');
  const resAccount = anyAllow('resource', 'account');
  const resExact = anyAllow('resource', 'exact');
  let grant: boolean;
  if (!iamIdentity && t !== 'root') {
    grant = resNamed;
  } else if (t === 'root') {
    grant = kind === 'role-trust' ? false : kind === 'default' && same ? true : resNamed || resAccount;
  } else {
    const identity = anyAllow('identity');
    const limits =
      (policies.boundary === undefined || anyAllow('boundary')) &&
      (policies.session === undefined || anyAllow('session'));
    if (!same) grant = identity && limits && (resNamed || resAccount);
    else if (kind === 'default') grant = ((identity || resNamed) && limits) || resExact;
    else grant = (resNamed && limits) || resExact || (identity && limits && resAccount);
  }
  return grant ? 'Allow' : 'ImplicitDeny';
}

function matchedOf(evaluated: readonly Evaluated[]): MatchedStatement[] {
  const out: MatchedStatement[] = [];
  for (const e of evaluated) {
    const a = applies(e, 'any');
    if (a === false) continue;
    const s = e.statement;
    out.push({
      policy: e.policy,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      // An unresolved Effect is reported as the Deny it may be.
      effect: s.effect === 'Allow' ? 'Allow' : 'Deny',
      index: s.index,
      certain: a === true && s.effect !== 'unknown',
    });
  }
  return out;
}
