/* eslint-disable @typescript-eslint/no-unsafe-argument -- CloudFormation templates and policies are untyped JSON */
/**
 * The principals no template defines but every rule must think of: an unknown principal of the
 * account with an administrator identity policy, the account root, principals of other accounts
 * (whose own policies allow them everything) and anonymous callers.
 */
import { Named } from '../iam';
import { Json, stringValues } from '../cfn';
import { ADMINISTRATOR } from './documents';
import { Caller } from './inventory';

const PARTITION = 'aws';
const SENTINEL = 'isotrain-check';

/** The account the rules use for "another account", unless the templates' own account is that one. */
export function otherAccount(own: string): string {
  return own === '999988887777' ? '999988887778' : '999988887777';
}

function role(account: string, name: string, identity: readonly Named[]): Caller {
  return {
    id: name,
    principal: {
      type: 'assumed-role',
      arn: `arn:${PARTITION}:sts::${account}:assumed-role/${name}/${SENTINEL}`,
      roleArn: `arn:${PARTITION}:iam::${account}:role/${name}`,
      account,
    },
    identity,
  };
}

/** A role of the account no template defines, whose identity policy allows everything. */
export function unknownAdmin(account: string): Caller {
  const c = role(account, `${SENTINEL}-unknown-admin`, [ADMINISTRATOR]);
  return { ...c, id: `an unknown administrator of account ${account}` };
}

export function accountRoot(account: string): Caller {
  return {
    id: `the root user of account ${account}`,
    principal: { type: 'root', arn: `arn:${PARTITION}:iam::${account}:root`, account },
    identity: [],
  };
}

/** A role and the root user of another account; their own account lets them do anything. */
export function foreignCallers(account: string): Caller[] {
  return [
    { ...role(account, `${SENTINEL}-foreign`, [ADMINISTRATOR]), id: `a role of account ${account}` },
    accountRoot(account),
  ];
}

export const ANONYMOUS: Caller = {
  id: 'an anonymous caller',
  principal: { type: 'anonymous', arn: '*', account: '' },
  identity: [],
};

/** A service principal (`logs.amazonaws.com`). */
export function service(name: string): Caller {
  return { id: name, principal: { type: 'service', arn: name, account: '', service: name }, identity: [] };
}

/** A role of the account holding exactly the given identity policies: who a policy under test is handed to. */
export function policyHolder(account: string, identity: readonly Named[]): Caller {
  return { ...role(account, `${SENTINEL}-holder`, identity), id: 'its holder' };
}

/** The same principal holding other identity policies. */
export function holding(c: Caller, identity: readonly Named[]): Caller {
  return { ...c, identity, boundary: undefined };
}

/**
 * Twelve-digit account IDs a document names anywhere, other than `own`; and for every account pattern
 * it names (`1111*` in aws:SourceAccount, `arn:aws:iam::1111*:role/x`), an account it matches that is
 * not `own` (a pattern admits every account an attacker can open whose ID fits it).
 */
export function accountsNamed(doc: Json, own: string): string[] {
  const text = JSON.stringify(doc ?? {});
  const found = [...text.matchAll(/(?<![0-9])([0-9]{12})(?![0-9])/g)].map((m) => m[1]);
  for (const v of stringValues(doc)) {
    for (const part of v.split(':')) {
      if (/^[0-9*?]+$/.test(part) && /[*?]/.test(part) && /[0-9]/.test(part)) {
        const account = accountMatching(part, own);
        if (account) found.push(account);
      }
    }
  }
  return [...new Set(found)].filter((a) => a !== own);
}

/** A twelve-digit account ID that the pattern (digits, `*`, `?`) matches, other than `own`. */
function accountMatching(pattern: string, own: string): string | undefined {
  for (const fill of ['9', '8']) {
    const fixed = pattern.replace(/\?/g, fill);
    const stars = (fixed.match(/\*/g) ?? []).length;
    const room = 12 - fixed.replace(/\*/g, '').length;
    if (room < 0 || (stars === 0 && room !== 0)) continue;
    const first = fill.repeat(room);
    const account = stars === 0 ? fixed : fixed.replace('*', first).replace(/\*/g, '');
    if (/^[0-9]{12}$/.test(account) && account !== own) return account;
  }
  return undefined;
}

const IAM_NAME = /^arn:[^:]+:(?:iam|sts)::[^:]*:(role|user|assumed-role)\/(.+)$/;

/**
 * Principals of other accounts, as an attacker would make them for this document: a role and the
 * root user of a sentinel account and of every account the document names; a role of the sentinel
 * account named like every role or user the document names (names are free to choose); and each of
 * them in the organization and with the principal tags the document names (an account in the same
 * organization is still another account, and a principal sets its own tags).
 */
export function outsiders(doc: Json, own: string): Caller[] {
  const sentinel = otherAccount(own);
  const named = accountsNamed(doc, own);
  const out: Caller[] = [...foreignCallers(sentinel)];
  for (const account of named) out.push(...foreignCallers(account));
  // A value the templates do not resolve (a parameter) may be any account: read it as a wildcard.
  const values = stringValues(doc).map((v) => v.replace(/\{\{unknown:[^}]*\}\}/g, '*'));
  const names = new Set<string>();
  for (const v of values) {
    const m = IAM_NAME.exec(v);
    if (m) names.add(m[2].split('/').pop()!.replace(/[*?]/g, SENTINEL));
  }
  for (const name of names) {
    for (const account of [sentinel, ...named]) {
      const c = role(account, name, [ADMINISTRATOR]);
      out.push({ ...c, id: `a role named ${name} in account ${account}` });
    }
  }
  const claims = principalClaims(doc);
  if (Object.keys(claims).length === 0) return out;
  return out.flatMap((c) =>
    c.principal.type === 'root'
      ? [c]
      : [c, { ...c, id: `${c.id} (in your organization, with the tags your policy names)`, claims }],
  );
}

/**
 * The same callers, and each of them again carrying the principal tags and organization the document
 * names: an administrator tags principals of the account as it likes, so a tag condition only says
 * who was tagged, not who may be.
 */
export function withClaims(callers: readonly Caller[], doc: Json): Caller[] {
  const claims = principalClaims(doc);
  if (Object.keys(claims).length === 0) return [...callers];
  return callers.flatMap((c) =>
    c.principal.type === 'root' ? [c] : [c, { ...c, id: `${c.id}, tagged as the policy asks`, claims }],
  );
}

/** Principal context keys another account controls for its own principals, with the values the document names. */
function principalClaims(doc: Json): Record<string, string | string[]> {
  const claims: Record<string, string | string[]> = {};
  const walk = (v: Json) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    for (const [k, x] of Object.entries(v)) {
      const key = k.toLowerCase();
      const first = stringValues(x)[0];
      if (first !== undefined && (key === 'aws:principalorgid' || key.startsWith('aws:principaltag/')))
        claims[k] = first;
      else if (first !== undefined && key === 'aws:principalorgpaths') claims[k] = [first.replace(/\*/g, '')];
      else walk(x);
    }
  };
  walk(doc);
  return claims;
}

const OWN_PRINCIPAL = /^arn:[^:]+:iam::([^:]*):(role|user)\/(.+)$/;

/**
 * Roles and users of `account` that a document names by ARN (a pattern stands for one name it
 * matches) and the templates do not define: they exist, or an administrator can make them, with any
 * identity policy. A principal a policy exempts must be asked about like any other.
 */
export function namedPrincipals(doc: Json, account: string, defined: readonly string[]): Caller[] {
  const out = new Map<string, Caller>();
  for (const v of stringValues(doc)) {
    const m = OWN_PRINCIPAL.exec(v);
    if (!m || m[1] !== account || v.includes('{{unknown:')) continue;
    const arn = v.replace(/\*/g, SENTINEL).replace(/\?/g, 'x');
    if (defined.includes(arn) || out.has(arn)) continue;
    const name = m[3].replace(/\*/g, SENTINEL).replace(/\?/g, 'x');
    out.set(
      arn,
      m[2] === 'role'
        ? {
            id: `${arn} (named in the policy, not defined by the templates)`,
            principal: {
              type: 'assumed-role',
              arn: `arn:${PARTITION}:sts::${account}:assumed-role/${name.split('/').pop()}/${SENTINEL}`,
              roleArn: arn,
              account,
            },
            identity: [ADMINISTRATOR],
          }
        : {
            id: `${arn} (named in the policy, not defined by the templates)`,
            principal: { type: 'user', arn, account },
            identity: [ADMINISTRATOR],
          },
    );
  }
  return [...out.values()];
}
