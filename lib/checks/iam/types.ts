/**
 * The evaluator's vocabulary: policy documents as they appear in templates (loosely typed, because a
 * template may hold anything), the request a rule asks about, and the answer it gets back.
 */

/** A JSON value as found in a template; objects in value positions are unresolved intrinsics. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** One statement, before normalisation. Every field may be malformed; the evaluator copes. */
export interface PolicyStatement {
  readonly Sid?: JsonValue;
  readonly Effect?: JsonValue;
  readonly Action?: JsonValue;
  readonly NotAction?: JsonValue;
  readonly Resource?: JsonValue;
  readonly NotResource?: JsonValue;
  readonly Principal?: JsonValue;
  readonly NotPrincipal?: JsonValue;
  readonly Condition?: JsonValue;
}

export interface PolicyDocument {
  readonly Version?: JsonValue;
  /** One statement or a list of them. */
  readonly Statement?: PolicyStatement | readonly PolicyStatement[] | JsonValue;
}

/** A policy with the name results use to point at it. */
export interface Named {
  readonly name: string;
  readonly document: PolicyDocument;
}

/**
 * The policies that apply to one request. Absent means "this policy type does not apply"; an empty
 * list of SCPs at one level means "nothing attached there", which denies.
 */
export interface Policies {
  /** Policies attached to the principal (user or role), its groups included. */
  readonly identity?: readonly Named[];
  /** The resource's own policy: bucket policy, key policy, role trust policy, queue policy... */
  readonly resource?: Named;
  /** The principal's permissions boundary. */
  readonly boundary?: Named;
  /** The session policy passed when the role session was created. */
  readonly session?: Named;
  /** Service control policies, one list per level from the organization root down to the account. */
  readonly scps?: readonly (readonly Named[])[];
  /**
   * Resource control policies, one list per level. RCPFullAWSAccess is always attached at every level
   * (AWS does not let it be detached), so RCPs can only deny.
   */
  readonly rcps?: readonly (readonly Named[])[];
  /** The VPC endpoint's policy, when the request goes through an endpoint. */
  readonly endpoint?: Named;
}

export type PrincipalType = 'role' | 'user' | 'root' | 'service' | 'anonymous' | 'assumed-role' | 'federated';

export interface RequestPrincipal {
  /**
   * user/role: its ARN; assumed-role: the session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION);
   * root: arn:aws:iam::ACCOUNT:root; service: the service principal (s3.amazonaws.com); federated: the
   * identity provider (cognito-identity.amazonaws.com or an oidc/saml provider ARN); anonymous: anything.
   */
  readonly arn: string;
  /** The principal's account ('' for service and anonymous principals). */
  readonly account: string;
  readonly type: PrincipalType;
  /** Service principal name, when type is 'service' (defaults to arn). */
  readonly service?: string;
  /** Principal tags (role tags and session tags): fill aws:PrincipalTag/<key>. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * assumed-role only: the role's full ARN when the role has a path. The session ARN carries only the
   * role name, so without it aws:PrincipalArn is arn:aws:iam::ACCOUNT:role/NAME.
   */
  readonly roleArn?: string;
}

/** A request context value. Arrays are multivalued keys (pass aws:TagKeys and the like as arrays). */
export type ContextValue = string | readonly string[] | number | boolean | undefined;

export interface IamRequest {
  readonly principal: RequestPrincipal;
  readonly action: string;
  /** The resource ARN, or '*' for actions that take no resource. */
  readonly resource: string;
  /** The account owning the resource; defaults to the ARN's account field (absent for S3). */
  readonly resourceAccount?: string;
  /** Request context keys (case-insensitive). An explicit undefined removes an auto-filled key. */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
export type Effect = 'Allow' | 'Deny';

/** A statement that matched the request (or may have, when `certain` is false). */
export interface MatchedStatement {
  readonly policy: string;
  readonly sid?: string;
  readonly effect: Effect;
  /** Position in the policy's Statement list. */
  readonly index: number;
  readonly certain: boolean;
}

export interface EvaluationResult {
  /**
   * What AWS decides. When the inputs hold unknown values, this is the most permissive decision those
   * values allow, so a request that is not 'Allow' here is denied whatever the unknowns turn out to be.
   */
  readonly decision: Decision;
  /** Whether every resolution of the unknown values gives this same decision. */
  readonly certain: boolean;
  readonly matched: readonly MatchedStatement[];
}

/**
 * How the resource policy relates to identity policies:
 * - 'default': same account, either one may allow; cross account, both must.
 * - 'kms-key': the key policy is authoritative; identity policies count only when it allows the account.
 * - 'role-trust': sts:AssumeRole* against the role's trust policy; same rules as 'kms-key'.
 */
export type ResourceKind = 'default' | 'kms-key' | 'role-trust';

export interface EvaluateOptions {
  readonly kind?: ResourceKind;
  /**
   * Which strings stand for values the caller could not resolve (a whole value). By default, any string
   * containing a marker `{{unknown:...}}` (see `unknownValue`); the text around the marker still counts.
   */
  readonly isUnknown?: (value: string) => boolean;
}
