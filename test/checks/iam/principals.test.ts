import { IamRequest, Named, Policies, PolicyStatement } from '../../../lib/checks/iam';
import {
  A,
  B,
  B_ROLE,
  ROLE,
  ROOT_A,
  SESSION,
  USER,
  allow,
  deny,
  doc,
  getObject,
  rootA,
  service,
  sessionA,
  userA,
  verdict,
} from './fixtures';

const named = (name: string, ...statements: PolicyStatement[]): Named => ({
  name,
  document: doc(...statements),
});
const idAllow = [named('Identity', allow())];
const ALLOW = 'Allow';
const NO = 'ImplicitDeny';
const DENY = 'ExplicitDeny';

describe('NotPrincipal (Deny only): every level AWS checks must be listed', () => {
  const guard = (notPrincipal: PolicyStatement['NotPrincipal']) =>
    named('BucketPolicy', deny({ NotPrincipal: notPrincipal }));
  test.each<[string, IamRequest, PolicyStatement['NotPrincipal'], string]>([
    ['fails when nothing about the caller is listed', getObject(), { AWS: [B_ROLE, B] }, DENY],
    ['allows when the account and the role are listed', getObject(), { AWS: [ROOT_A, ROLE] }, ALLOW],
    ['allows when the account and the session are listed', getObject(), { AWS: [A, SESSION] }, ALLOW],
    [
      'is uncertain when only the role is listed ("might deny the whole account")',
      getObject(),
      { AWS: ROLE },
      'Allow (uncertain)',
    ],
    ['is uncertain when only the account is listed', getObject(), { AWS: ROOT_A }, 'Allow (uncertain)'],
    [
      'allows when a user and its account are listed',
      getObject({ principal: userA }),
      { AWS: [USER, ROOT_A] },
      ALLOW,
    ],
    [
      'is uncertain when only the user is listed',
      getObject({ principal: userA }),
      { AWS: USER },
      'Allow (uncertain)',
    ],
    ['allows the root user when its account is listed', getObject({ principal: rootA }), { AWS: A }, ALLOW],
    ['allows when NotPrincipal is "*" (nobody is denied)', getObject(), '*', ALLOW],
  ])('%s', (_name, request, notPrincipal, expected) => {
    expect(verdict(request, { identity: idAllow, resource: guard(notPrincipal) })).toBe(expected);
  });

  test('fails for a principal with a permissions boundary, whatever NotPrincipal lists (documented)', () => {
    const policies: Policies = {
      identity: idAllow,
      boundary: named('Boundary', allow({ Action: '*' })),
      resource: guard({ AWS: [ROOT_A, ROLE, SESSION] }),
    };
    expect(verdict(getObject(), policies)).toBe(DENY);
    expect(verdict(getObject(), { ...policies, boundary: undefined })).toBe(ALLOW);
  });

  test('is uncertain for an Allow with NotPrincipal (AWS no longer supports it)', () => {
    const policies = { resource: named('BucketPolicy', allow({ NotPrincipal: { AWS: B } })) };
    expect(verdict(getObject(), policies)).toBe('Allow (uncertain)');
  });
});

describe('Principal element forms', () => {
  const grant = (principal: PolicyStatement['Principal']) => ({
    resource: named('BucketPolicy', allow({ Principal: principal })),
  });
  test.each<[string, IamRequest, Policies, string]>([
    [
      'allows when a list of principals includes the role',
      getObject(),
      grant({ AWS: [B_ROLE, ROLE] }),
      ALLOW,
    ],
    [
      'allows when the role’s ARN carries a path the caller gave',
      getObject({ principal: { ...sessionA, roleArn: `arn:aws:iam::${A}:role/team/app` } }),
      grant({ AWS: `arn:aws:iam::${A}:role/team/app` }),
      ALLOW,
    ],
    [
      'fails when the role has another path than the one given',
      getObject({ principal: { ...sessionA, roleArn: `arn:aws:iam::${A}:role/team/app` } }),
      grant({ AWS: `arn:aws:iam::${A}:role/other/app` }),
      NO,
    ],
    [
      'allows when a path role matches a session by name when no path was given',
      getObject(),
      grant({ AWS: `arn:aws:iam::${A}:role/team/app` }),
      ALLOW,
    ],
    [
      'fails when a wildcard sits inside a principal ARN (compared literally)',
      getObject(),
      grant({ AWS: `arn:aws:iam::${A}:role/*` }),
      NO,
    ],
    [
      'allows when a service name differs only in case',
      getObject({ principal: service('logging.s3.amazonaws.com') }),
      grant({ Service: 'Logging.S3.amazonaws.com' }),
      ALLOW,
    ],
    [
      'fails when a service principal meets an AWS account principal',
      getObject({ principal: service('logging.s3.amazonaws.com') }),
      grant({ AWS: A }),
      NO,
    ],
    [
      'is uncertain with a CanonicalUser principal (not modelled)',
      getObject(),
      grant({ CanonicalUser: 'abc' }),
      'Allow (uncertain)',
    ],
    [
      'is uncertain when Principal is a bare ARN string (malformed)',
      getObject(),
      grant(ROLE),
      'Allow (uncertain)',
    ],
    [
      'is uncertain when a resource policy statement has no Principal',
      getObject(),
      { resource: named('BucketPolicy', allow()) },
      'Allow (uncertain)',
    ],
    [
      'allows when an identity policy carries a Principal (ignored there)',
      getObject(),
      { identity: [named('I', allow({ Principal: { AWS: B } }))] },
      ALLOW,
    ],
  ])('%s', (_name, request, policies, expected) => {
    expect(verdict(request, policies)).toBe(expected);
  });
});

describe('keys filled from the principal', () => {
  const when = (condition: PolicyStatement['Condition']) => ({
    identity: [named('I', allow({ Condition: condition }))],
  });
  test.each<[string, IamRequest, PolicyStatement['Condition']]>([
    [
      'aws:PrincipalArn of a session is its role ARN',
      getObject(),
      { ArnEquals: { 'aws:PrincipalArn': ROLE } },
    ],
    [
      'aws:PrincipalArn of a session keeps the role path when given',
      getObject({ principal: { ...sessionA, roleArn: `arn:aws:iam::${A}:role/team/app` } }),
      { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/*` } },
    ],
    ['aws:PrincipalAccount', getObject(), { StringEquals: { 'aws:PrincipalAccount': A } }],
    [
      'aws:PrincipalType of a session is AssumedRole',
      getObject(),
      { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } },
    ],
    [
      'aws:PrincipalType of a user is User, and aws:username its name',
      getObject({ principal: userA }),
      { StringEquals: { 'aws:PrincipalType': 'User', 'aws:username': 'alice' } },
    ],
    [
      'aws:PrincipalTag/<key> from the tags',
      getObject({ principal: { ...sessionA, tags: { Team: 'ml' } } }),
      { StringEquals: { 'aws:PrincipalTag/team': 'ml' } },
    ],
    [
      'aws:PrincipalIsAWSService is false for IAM principals',
      getObject(),
      { Bool: { 'aws:PrincipalIsAWSService': 'false' } },
    ],
    [
      'a context value overrides a filled key',
      getObject({ context: { 'aws:PrincipalAccount': B } }),
      { StringEquals: { 'aws:PrincipalAccount': B } },
    ],
  ])('fills %s', (_name, request, condition) => {
    expect(verdict(request, when(condition))).toBe(ALLOW);
  });

  test('fills aws:PrincipalArn and aws:PrincipalType of the root user', () => {
    // Another account's bucket, so the grant must come from the bucket policy and its condition.
    const condition = { StringEquals: { 'aws:PrincipalArn': ROOT_A, 'aws:PrincipalType': 'Account' } };
    const request = getObject({ principal: rootA, resourceAccount: B });
    expect(
      verdict(request, { resource: named('R', allow({ Principal: { AWS: A }, Condition: condition })) }),
    ).toBe(ALLOW);
    expect(
      verdict(request, {
        resource: named(
          'R',
          allow({ Principal: { AWS: A }, Condition: { StringEquals: { 'aws:PrincipalType': 'User' } } }),
        ),
      }),
    ).toBe(NO);
  });

  test('fills aws:PrincipalServiceName for a service principal and no PrincipalArn', () => {
    const request = getObject({ principal: service('sns.amazonaws.com') });
    const condition = {
      StringEquals: { 'aws:PrincipalServiceName': 'sns.amazonaws.com' },
      Null: { 'aws:PrincipalArn': 'true' },
    };
    expect(verdict(request, { resource: named('R', allow({ Principal: '*', Condition: condition })) })).toBe(
      ALLOW,
    );
    expect(
      verdict(request, {
        resource: named(
          'R',
          allow({ Principal: '*', Condition: { Null: { 'aws:PrincipalServiceName': 'true' } } }),
        ),
      }),
    ).toBe(NO);
  });
});
