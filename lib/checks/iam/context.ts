/**
 * The request context: condition keys the request carries, looked up case-insensitively.
 *
 * Keys AWS derives from the principal are filled in unless the caller's context names them (an
 * explicit `undefined` removes one):
 * - aws:PrincipalArn: the user or role ARN; for an assumed-role session, the role's ARN (not the
 *   session's); for the root user, arn:PARTITION:iam::ACCOUNT:root.
 * - aws:PrincipalAccount, aws:PrincipalTag/<key>, aws:PrincipalType (User, AssumedRole, Account),
 *   aws:username (IAM users), aws:PrincipalIsAWSService.
 * - aws:PrincipalServiceName for service principals.
 * An empty array counts as an absent key: AWS treats "no values" like "no key" for Null and the set
 * operators, and there is nothing else for the other operators to compare.
 */
import { ContextValue, IamRequest, RequestPrincipal } from './types';

export interface KeyValues {
  readonly values: readonly string[];
  /** Given as an array: a multivalued key, which only the set operators can test. */
  readonly multi: boolean;
}

export class RequestContext {
  /**
   * A request's own keys over its principal's, read only when a condition or a policy variable asks:
   * most requests a rule asks about are decided by statements that look at no key.
   */
  public static over(
    keys: Readonly<Record<string, ContextValue>> | undefined,
    base: RequestContext,
  ): RequestContext {
    const c = new RequestContext([], base);
    c.pending = keys;
    return c;
  }

  /** Keys set (a value) or removed (undefined) by this context, over `base`. */
  private readonly keys = new Map<string, KeyValues | undefined>();
  /** Keys not yet read into `keys`. */
  private pending?: Readonly<Record<string, ContextValue>>;

  constructor(
    entries: Iterable<readonly [string, ContextValue]>,
    private readonly base?: RequestContext,
  ) {
    for (const [key, value] of entries) this.keys.set(key.toLowerCase(), toKeyValues(value));
  }

  /** The key's values, or undefined when the request does not carry it. */
  get(key: string): KeyValues | undefined {
    return this.lookUp(key.toLowerCase());
  }

  private lookUp(lower: string): KeyValues | undefined {
    if (this.pending) {
      for (const [key, value] of Object.entries(this.pending))
        this.keys.set(key.toLowerCase(), toKeyValues(value));
      this.pending = undefined;
    }
    if (this.keys.has(lower) || !this.base) return this.keys.get(lower);
    return this.base.lookUp(lower);
  }
}

function toKeyValues(value: ContextValue): KeyValues | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    const values = value as readonly string[];
    return values.length === 0 ? undefined : { values: values.map(String), multi: true };
  }
  return { values: [String(value)], multi: false };
}

/**
 * The keys derived from a principal, made once per principal object: rules ask thousands of
 * questions on behalf of the same few callers.
 */
const principalContexts = new WeakMap<RequestPrincipal, RequestContext>();

function principalContext(p: RequestPrincipal): RequestContext {
  let c = principalContexts.get(p);
  if (!c) principalContexts.set(p, (c = new RequestContext(Object.entries(principalKeys(p)))));
  return c;
}

/** The context for a request: principal-derived keys, then the caller's keys on top. */
export function requestContext(request: IamRequest): RequestContext {
  return RequestContext.over(request.context, principalContext(request.principal));
}

export function partitionOf(arn: string): string {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts.length > 1 && parts[1] !== '' ? parts[1] : 'aws';
}

/** IAM users and roles: the principals identity policies, boundaries and session policies belong to. */
export function isIamIdentity(p: RequestPrincipal): boolean {
  return p.type === 'user' || p.type === 'role' || p.type === 'assumed-role';
}

/** The role ARN behind an assumed-role session (no path: the session ARN does not carry it). */
export function roleArnOf(p: RequestPrincipal): string | undefined {
  if (p.type === 'role') return p.arn;
  if (p.type !== 'assumed-role') return undefined;
  if (p.roleArn) return p.roleArn;
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(p.arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

export function rootArnOf(p: RequestPrincipal): string {
  return `arn:${partitionOf(p.arn)}:iam::${p.account}:root`;
}

function principalKeys(p: RequestPrincipal): Record<string, ContextValue> {
  const tags = Object.fromEntries(Object.entries(p.tags ?? {}).map(([k, v]) => [`aws:PrincipalTag/${k}`, v]));
  switch (p.type) {
    case 'service':
      return { 'aws:PrincipalServiceName': p.service ?? p.arn, 'aws:PrincipalIsAWSService': 'true' };
    case 'anonymous':
    case 'federated':
      return {};
    case 'root':
      return identity(p, rootArnOf(p), 'Account', tags);
    case 'user':
      return { ...identity(p, p.arn, 'User', tags), 'aws:username': p.arn.split('/').pop() };
    case 'role':
    case 'assumed-role':
      return identity(p, roleArnOf(p), 'AssumedRole', tags);
  }
}

function identity(
  p: RequestPrincipal,
  principalArn: string | undefined,
  type: string,
  tags: Record<string, ContextValue>,
): Record<string, ContextValue> {
  return {
    'aws:PrincipalArn': principalArn,
    'aws:PrincipalAccount': p.account,
    'aws:PrincipalType': type,
    'aws:PrincipalIsAWSService': 'false',
    ...tags,
  };
}
