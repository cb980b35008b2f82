/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
/**
 * Helpers over resolved CloudFormation values: intrinsics, policy documents and IAM wildcards.
 * Everything here is pure; unresolvable values are reported as such so rules can treat them
 * conservatively.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function asArray<T = Json>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A transform's name: `AWS::Serverless-2016-10-31`, or the `Name` of `{ Name, Parameters }` (AWS::Include). */
export const transformName = (transform: Json): string =>
  typeof transform === 'string'
    ? transform
    : typeof transform?.Name === 'string'
      ? (transform.Name as string)
      : JSON.stringify(transform);

export function isIntrinsic(value: Json): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    (Object.keys(value)[0] === 'Ref' || Object.keys(value)[0].startsWith('Fn::'))
  );
}

/** True for `true` and `"true"` (CloudFormation accepts both). */
export function isTrue(value: Json): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/**
 * A value as one string, with pseudo parameters written `${AWS::Region}` and references to
 * resources written `${LogicalId}` or `${LogicalId.Attr}`. Used to read ARNs and service names.
 */
export function flatten(value: Json): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(flatten).join(',');
  if ('Ref' in value) return `\${${value.Ref}}`;
  if ('Fn::GetAtt' in value) {
    const g = value['Fn::GetAtt'];
    return `\${${Array.isArray(g) ? g.map(flatten).join('.') : flatten(g)}}`;
  }
  if ('Fn::Join' in value) {
    const [sep, parts] = value['Fn::Join'];
    return asArray(parts).map(flatten).join(sep);
  }
  if ('Fn::Sub' in value) {
    const [text, vars] = subParts(value['Fn::Sub']);
    // Variables of the two-argument form are substituted: a `*` or an ARN hidden in the map must show.
    return text.replace(SUB_VARIABLE, (whole, name: string) =>
      name.startsWith('!') || !vars || !(name in vars) ? whole : flatten(vars[name]),
    );
  }
  if ('Fn::ImportValue' in value) return `\${Import:${flatten(value['Fn::ImportValue'])}}`;
  if ('Fn::GetStackOutput' in value) {
    const o = value['Fn::GetStackOutput'];
    return `\${Output:${flatten(o.StackName)}.${flatten(o.OutputName)}}`;
  }
  return JSON.stringify(value);
}

/** `${Name}`, `${Logical.Attr}` and the `${!Literal}` escape inside a `Fn::Sub` string. */
const SUB_VARIABLE = /\$\{([^}]*)\}/g;

/** The string and the variable map of `Fn::Sub` (one- or two-argument form). */
export function subParts(sub: Json): [string, Record<string, Json> | undefined] {
  if (Array.isArray(sub)) {
    const vars = sub[1];
    return [
      typeof sub[0] === 'string' ? sub[0] : flatten(sub[0]),
      vars && typeof vars === 'object' ? vars : undefined,
    ];
  }
  return [typeof sub === 'string' ? sub : flatten(sub), undefined];
}

/** The names a `Fn::Sub` string substitutes, in order; `${!Literal}` escapes are not names. */
export function subVariables(text: string): string[] {
  return [...text.matchAll(SUB_VARIABLE)].map((m) => m[1]).filter((n) => !n.startsWith('!'));
}

/** Does an IAM pattern (`s3:Get*`, `*`, `kms:*`) cover a concrete action (case-insensitive)? */
export function patternCovers(pattern: string, action: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
    'i',
  );
  return re.test(action);
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: Json;
  readonly NotAction?: Json;
  readonly Resource?: Json;
  readonly NotResource?: Json;
  readonly Principal?: Json;
  readonly NotPrincipal?: Json;
  readonly Condition?: Record<string, Record<string, Json>>;
}

export function statements(document: Json): Statement[] {
  if (!document || typeof document !== 'object') return [];
  return asArray(document.Statement).filter((s: Json) => s && typeof s === 'object');
}

export const allows = (s: Statement) => s.Effect === 'Allow';

/** Does the statement's action list cover this action? NotAction covers what it does not exclude. */
export function grantsAction(s: Statement, action: string): boolean {
  if (s.NotAction !== undefined) {
    return !asArray(s.NotAction).some((p) => typeof p === 'string' && patternCovers(p, action));
  }
  return asArray(s.Action).some((p) => typeof p !== 'string' || patternCovers(p, action));
}

/** Action patterns that name a whole service (`s3:*`) or everything (`*`). */
export function wholeServiceActions(s: Statement): string[] {
  if (s.NotAction !== undefined) return ['NotAction'];
  return asArray(s.Action)
    .filter((a): a is string => typeof a === 'string')
    .filter((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a));
}

export function resourceIsEverything(s: Statement): boolean {
  if (s.NotResource !== undefined) return true;
  return asArray(s.Resource).some((r) => r === '*');
}

/**
 * The principals a statement names, flattened: `*` for everyone, otherwise the AWS, Service and
 * Federated entries as strings.
 */
export function principals(s: Statement): { kind: 'AWS' | 'Service' | 'Federated' | '*'; value: Json }[] {
  const p = s.Principal;
  if (p === undefined) return [];
  if (p === '*') return [{ kind: '*', value: '*' }];
  const out: { kind: 'AWS' | 'Service' | 'Federated' | '*'; value: Json }[] = [];
  for (const kind of ['AWS', 'Service', 'Federated'] as const) {
    for (const value of asArray(p[kind])) out.push({ kind: value === '*' ? '*' : kind, value });
  }
  return out;
}

/** Condition keys (lower case) with the operator they appear under. */
export function conditionKeys(s: Statement): { operator: string; key: string; value: Json }[] {
  const out: { operator: string; key: string; value: Json }[] = [];
  for (const [operator, block] of Object.entries(s.Condition ?? {})) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, value] of Object.entries(block)) out.push({ operator, key: key.toLowerCase(), value });
  }
  return out;
}

/** Condition keys that tie a statement to known accounts, organizations, endpoints or sources. */
const RESTRICTING_KEYS = [
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourcevpce',
  'aws:sourcevpc',
  'kms:calleraccount',
];

export function hasRestrictingCondition(s: Statement): boolean {
  return conditionKeys(s).some(
    (c) => RESTRICTING_KEYS.includes(c.key) && !/IfExists$/i.test(c.operator) && !/^Not/i.test(c.operator),
  );
}

/** Every string value a JSON value holds, in document order (object keys are not values). */
export function stringValues(value: Json, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringValues(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringValues(v, out);
  return out;
}

/** 12-digit account IDs written literally in a value. */
export function accountIds(value: Json): string[] {
  return [...flatten(value).matchAll(/(?<![0-9])([0-9]{12})(?![0-9])/g)].map((m) => m[1]);
}

/**
 * Why an Allow statement grants to everyone or to another account without a condition that
 * restricts it, or undefined when it does not.
 */
export function grantsOutsideAccount(s: Statement, ownAccount: string | undefined): string | undefined {
  if (!allows(s)) return undefined;
  if (s.NotPrincipal !== undefined) return 'NotPrincipal grants to everyone not listed';
  if (hasRestrictingCondition(s)) return undefined;
  for (const p of principals(s)) {
    if (p.kind === '*') return 'principal *';
    if (p.kind !== 'AWS') continue;
    const text = flatten(p.value);
    if (text === '*') return 'principal *';
    for (const id of accountIds(p.value)) {
      if (id !== ownAccount) return `principal of account ${id}`;
    }
  }
  return undefined;
}
