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

/** The statements evaluated, in policy order and by policy type. */
interface EvaluatedSets {
  readonly all: readonly Evaluated[];
  readonly bySet: Readonly<Record<SetKind, readonly Evaluated[]>>;
  /** Some effect or applicability is unknown: the two leanings may decide differently. */
  readonly unknowns: boolean;
}

export function evaluate(
  request: IamRequest,
  policies: Policies,
  options: EvaluateOptions = {},
): EvaluationResult {
  const kind = options.kind ?? 'default';
  const evaluated = evaluateAll(request, policies, options);
  const same = sameAccount(request, options);
  let permissive: Decision;
  let restrictive: Decision;
  if (same === UNKNOWN) {
    permissive = morePermissive(
      decide(evaluated, request, policies, kind, true, true),
      decide(evaluated, request, policies, kind, true, false),
    );
    restrictive = lessPermissive(
      decide(evaluated, request, policies, kind, false, true),
      decide(evaluated, request, policies, kind, false, false),
    );
  } else {
    permissive = decide(evaluated, request, policies, kind, true, same);
    // With nothing unknown, the leaning is never read: both decisions are the same.
    restrictive = evaluated.unknowns ? decide(evaluated, request, policies, kind, false, same) : permissive;
  }
  return { decision: permissive, certain: permissive === restrictive, matched: matchedOf(evaluated.all) };
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

const NO_LEVELS: readonly (readonly Named[])[] = [];

/**
 * Which policy types apply to this kind of principal, in the order their statements are reported.
 * (A loop over constant data rather than closures: this runs for every request a rule asks about.)
 */
function applicable(
  request: IamRequest,
  policies: Policies,
): Array<[SetKind, readonly (readonly Named[])[]]> {
  const t = request.principal.type;
  const iamIdentity = isIamIdentity(request.principal);
  return [
    ['scp', iamIdentity || t === 'root' ? (policies.scps ?? NO_LEVELS) : NO_LEVELS],
    ['rcp', policies.rcps ?? NO_LEVELS],
    ['endpoint', policies.endpoint ? [[policies.endpoint]] : NO_LEVELS],
    ['boundary', iamIdentity && policies.boundary ? [[policies.boundary]] : NO_LEVELS],
    ['session', iamIdentity && policies.session ? [[policies.session]] : NO_LEVELS],
    ['identity', iamIdentity ? [policies.identity ?? []] : NO_LEVELS],
    ['resource', policies.resource ? [[policies.resource]] : NO_LEVELS],
  ];
}

function isUnknownStatement(s: StatementResult): boolean {
  const p = s.principal;
  return (
    s.effect === 'unknown' ||
    s.core === UNKNOWN ||
    p.named === UNKNOWN ||
    p.account === UNKNOWN ||
    p.exact === UNKNOWN
  );
}

function evaluateAll(request: IamRequest, policies: Policies, options: EvaluateOptions): EvaluatedSets {
  const context = requestContext(request);
  const hasBoundary = policies.boundary !== undefined && isIamIdentity(request.principal);
  const all: Evaluated[] = [];
  const bySet: Record<SetKind, Evaluated[]> = {
    scp: [],
    rcp: [],
    endpoint: [],
    boundary: [],
    session: [],
    identity: [],
    resource: [],
  };
  let unknowns = false;
  for (const [set, levels] of applicable(request, policies)) {
    if (levels.length === 0) continue;
    const env: StatementEnv = {
      request,
      context,
      resourceSide: set === 'resource' || set === 'rcp' || set === 'endpoint',
      hasBoundary,
      isUnknown: options.isUnknown,
    };
    const inSet = bySet[set];
    for (let level = 0; level < levels.length; level++) {
      for (const p of levels[level]) {
        for (const statement of evaluateDocument(p.document, env)) {
          const e: Evaluated = { set, policy: p.name, level, statement };
          all.push(e);
          inSet.push(e);
          if (!unknowns && isUnknownStatement(statement)) unknowns = true;
        }
      }
    }
  }
  return { all, bySet, unknowns };
}

function sameAccount(request: IamRequest, options: EvaluateOptions): Tri {
  // An action on no resource ('*': s3:ListAllMyBuckets, sts:GetCallerIdentity) stays in the caller's account.
  if (request.resource === '*' && request.resourceAccount === undefined) return true;
  const fromArn = arnField(request.resource, 4);
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

/** `value.split(':')[index]`, without splitting the whole string. */
function arnField(value: string, index: number): string | undefined {
  let start = 0;
  for (let i = 0; i < index; i++) {
    const colon = value.indexOf(':', start);
    if (colon === -1) return undefined;
    start = colon + 1;
  }
  const end = value.indexOf(':', start);
  return end === -1 ? value.slice(start) : value.slice(start, end);
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

// One resolution of the unknowns: `lean` true, every unknown leans towards access (an Allow that may
// apply does, a Deny that may apply does not, an unknown Effect is an Allow); false, the opposite.

function isAllow(e: Evaluated, lean: boolean): boolean {
  return e.statement.effect === 'Allow' || (e.statement.effect === 'unknown' && lean);
}

function allows(e: Evaluated, reach: Reach, lean: boolean): boolean {
  return isAllow(e, lean) && resolve(applies(e, reach), lean);
}

function denies(e: Evaluated, lean: boolean): boolean {
  const isDeny = e.statement.effect === 'Deny' || (e.statement.effect === 'unknown' && !lean);
  return isDeny && resolve(applies(e, 'any'), !lean);
}

function anyAllow(list: readonly Evaluated[], reach: Reach, lean: boolean): boolean {
  for (const e of list) if (allows(e, reach, lean)) return true;
  return false;
}

/** At every SCP level, some statement of that level allows. */
function scpLevelsAllow(scps: readonly Evaluated[], levels: number, lean: boolean): boolean {
  for (let level = 0; level < levels; level++) {
    let ok = false;
    for (const e of scps) {
      if (e.level === level && allows(e, 'any', lean)) {
        ok = true;
        break;
      }
    }
    if (!ok) return false;
  }
  return true;
}

function decide(
  evaluated: EvaluatedSets,
  request: IamRequest,
  policies: Policies,
  kind: ResourceKind,
  lean: boolean,
  same: boolean,
): Decision {
  for (const e of evaluated.all) if (denies(e, lean)) return 'ExplicitDeny';
  const sets = evaluated.bySet;

  const t = request.principal.type;
  const iamIdentity = isIamIdentity(request.principal);
  const scpLevels = iamIdentity || t === 'root' ? (policies.scps ?? NO_LEVELS).length : 0;
  const scpOk = scpLevelsAllow(sets.scp, scpLevels, lean);
  const endpointOk = policies.endpoint === undefined || anyAllow(sets.endpoint, 'any', lean);
  if (!scpOk || !endpointOk) return 'ImplicitDeny';

  const resNamed = anyAllow(sets.resource, 'named', lean);
  const resAccount = anyAllow(sets.resource, 'account', lean);
  const resExact = anyAllow(sets.resource, 'exact', lean);
  let grant: boolean;
  if (!iamIdentity && t !== 'root') {
    grant = resNamed;
  } else if (t === 'root') {
    grant = kind === 'role-trust' ? false : kind === 'default' && same ? true : resNamed || resAccount;
  } else {
    const identity = anyAllow(sets.identity, 'any', lean);
    const limits =
      (policies.boundary === undefined || anyAllow(sets.boundary, 'any', lean)) &&
      (policies.session === undefined || anyAllow(sets.session, 'any', lean));
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
