/**
 * The Principal and NotPrincipal elements of resource-side policies (resource policies, key and trust
 * policies, VPC endpoint policies, RCPs), against the request's principal.
 *
 * A Principal element answers three questions, because AWS treats the answers differently:
 * - `named`: the statement names the principal itself, its role (for a role session), or everyone
 *   ("*" and {"AWS": "*"}, anonymous included). Such an Allow grants on its own in the same account.
 * - `account`: it names the principal's account (12-digit ID or arn:...:root). Such an Allow delegates
 *   to the account's own IAM policies, which must allow too; such a Deny denies every principal of it.
 * - `exact`: it names the exact identity that signed the request (the IAM user ARN, the session ARN).
 *   Within an account, only such grants escape an implicit deny from a permissions boundary or a
 *   session policy; a grant to the role ARN does not (IAM User Guide, "Policy evaluation logic").
 *   Whether "*" counts is not documented, so it is unknown there.
 * A role ARN matches its sessions by account and role name (the session ARN has no path); Service and
 * Federated compare names; CanonicalUser is not modelled (unknown). Wildcards inside ARNs are not
 * allowed in Principal, so such values are compared literally.
 *
 * NotPrincipal (Deny only; with Allow AWS no longer supports it, so it is unknown): AWS checks the
 * account, then the role or user, then the session, and the statement spares the request only when
 * every level is listed. Listed at no level → the statement applies; listed at some levels but not all
 * ("might deny the whole account", in AWS's words) → unknown. A Deny with NotPrincipal always applies
 * to an IAM user or role that has a permissions boundary (documented).
 */
import { matches } from './glob';
import { isIamIdentity, roleArnOf, rootArnOf } from './context';
import { allPlain } from './plain';
import { stringList, subject, UnknownTest } from './tokens';
import { Tri, UNKNOWN, and, not, or } from './tri';
import { JsonValue, RequestPrincipal } from './types';

export interface PrincipalMatch {
  readonly named: Tri;
  readonly account: Tri;
  readonly exact: Tri;
}

const UNKNOWN_MATCH: PrincipalMatch = { named: UNKNOWN, account: UNKNOWN, exact: UNKNOWN };

export interface PrincipalEnv {
  readonly principal: RequestPrincipal;
  readonly hasBoundary: boolean;
  readonly isUnknown?: UnknownTest;
}

/** For a statement of a resource-side policy; undefined when it has neither element (malformed). */
export function principalMatches(
  principal: JsonValue | undefined,
  notPrincipal: JsonValue | undefined,
  effect: 'Allow' | 'Deny',
  env: PrincipalEnv,
): PrincipalMatch | undefined {
  if (principal !== undefined && notPrincipal === undefined) return elementMatches(principal, env);
  if (notPrincipal !== undefined && principal === undefined) {
    if (effect === 'Allow') return UNKNOWN_MATCH;
    const applies =
      isIamIdentity(env.principal) && env.hasBoundary ? true : notPrincipalApplies(notPrincipal, env);
    return { named: applies, account: false, exact: applies };
  }
  return undefined;
}

/** The identities a request principal can be named by, per kind of name. */
interface Names {
  readonly account?: string[];
  readonly role?: string;
  readonly exact?: string;
  readonly service?: string;
  readonly federated?: string;
}

function namesOf(p: RequestPrincipal): Names {
  switch (p.type) {
    case 'user':
      return { account: [p.account, rootArnOf(p)], exact: p.arn };
    case 'role':
      return { account: [p.account, rootArnOf(p)], role: p.arn };
    case 'assumed-role':
      return { account: [p.account, rootArnOf(p)], role: roleArnOf(p), exact: p.arn };
    case 'root':
      return { account: [p.account, rootArnOf(p)] };
    case 'service':
      return { service: (p.service ?? p.arn).toLowerCase() };
    case 'federated':
      return { federated: p.arn };
    case 'anonymous':
      return {};
  }
}

type Entry = { readonly kind: string; readonly value: string };

function entries(element: JsonValue): Entry[] | undefined {
  if (element === '*') return [{ kind: 'AWS', value: '*' }];
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return undefined;
  return Object.entries(element).flatMap(([kind, v]) => stringList(v).map((value) => ({ kind, value })));
}

function elementMatches(element: JsonValue, env: PrincipalEnv): PrincipalMatch {
  const list = entries(element);
  if (!list) return UNKNOWN_MATCH;
  const each = list.map((e) => entryMatches(e, env));
  return {
    named: or(...each.map((m) => m.named)),
    account: or(...each.map((m) => m.account)),
    exact: or(...each.map((m) => m.exact)),
  };
}

function entryMatches({ kind, value }: Entry, env: PrincipalEnv): PrincipalMatch {
  const p = env.principal;
  const names = namesOf(p);
  const eq = (candidate: string | undefined, ignoreCase = false): Tri => {
    if (candidate === undefined) return false;
    if (allPlain(env.isUnknown, value, candidate))
      return ignoreCase ? value.toLowerCase() === candidate.toLowerCase() : value === candidate;
    return matches(subject(value, env.isUnknown, ignoreCase), subject(candidate, env.isUnknown, ignoreCase));
  };
  switch (kind) {
    case 'AWS': {
      if (value === '*') {
        const exact: Tri = isIamIdentity(p) ? UNKNOWN : true;
        return { named: true, account: false, exact };
      }
      const account = or(...(names.account ?? []).map((a) => eq(a)));
      const exact = eq(names.exact);
      const role = names.role === undefined ? false : roleMatches(value, names.role, p, env.isUnknown);
      return { named: or(exact, role), account, exact };
    }
    case 'Service': {
      const m = eq(names.service, true);
      return { named: m, account: false, exact: m };
    }
    case 'Federated': {
      const m = eq(names.federated);
      return { named: m, account: false, exact: m };
    }
    default:
      // CanonicalUser (S3's legacy account identifiers) is not modelled; other keys are malformed.
      return UNKNOWN_MATCH;
  }
}

/**
 * A role ARN in a policy against the request's role: equal ARNs, or, for a session whose role path
 * is not known, the same account and role name (role names are case-insensitive in IAM).
 */
function roleMatches(value: string, roleArn: string, p: RequestPrincipal, isUnknown?: UnknownTest): Tri {
  const same: Tri = allPlain(isUnknown, value, roleArn)
    ? value === roleArn
    : matches(subject(value, isUnknown), subject(roleArn, isUnknown));
  if (same !== false || p.type !== 'assumed-role' || p.roleArn) return same;
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
  const r = /^arn:([^:]+):iam::(\d{12}):role\/([^/]+)$/.exec(roleArn);
  if (!m || !r) return false;
  return m[1] === r[1] && m[2] === r[2] && m[3].toLowerCase() === r[3].toLowerCase();
}

function notPrincipalApplies(element: JsonValue, env: PrincipalEnv): Tri {
  const list = entries(element);
  if (!list) return UNKNOWN;
  const p = env.principal;
  const m = elementMatches(element, env);
  const everyone = list.some((e) => e.kind === 'AWS' && e.value === '*');
  if (everyone) return false;
  // The levels AWS walks for this principal, each "is it listed?".
  const levels: Tri[] = isIamIdentity(p)
    ? [m.account, m.named]
    : p.type === 'root'
      ? [m.account]
      : p.type === 'anonymous'
        ? [false]
        : [m.named];
  const allListed = and(...levels);
  const noneListed = and(...levels.map(not));
  if (allListed === true) return false;
  if (noneListed === true) return true;
  return UNKNOWN;
}
