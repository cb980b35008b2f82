import {
  IamRequest,
  Named,
  Policies,
  PolicyStatement,
  ResourceKind,
  isAllowed,
  isDenied,
} from '../../../lib/checks/iam';
import {
  A,
  B,
  B_ROLE,
  B_SESSION,
  KEY,
  OBJECT,
  QUEUE,
  ROLE,
  ROOT_A,
  ROOT_B,
  SESSION,
  TARGET_ROLE,
  USER,
  allow,
  anonymous,
  deny,
  doc,
  getObject,
  rootA,
  run,
  service,
  sessionB,
  userA,
  verdict,
} from './fixtures';

const named = (name: string, ...statements: PolicyStatement[]): Named => ({
  name,
  document: doc(...statements),
});
const grantTo = (principal: PolicyStatement['Principal'], s: PolicyStatement = {}) =>
  named('BucketPolicy', allow({ Principal: principal, Resource: 'arn:aws:s3:::data-bucket/*', ...s }));
const idAllow = [named('Identity', allow())];
const ALLOW = 'Allow';
const NO = 'ImplicitDeny';
const DENY = 'ExplicitDeny';

describe('identity and resource policies, same account and cross account', () => {
  test.each<[string, IamRequest, Policies, string]>([
    [
      'allows when the identity policy allows and there is no resource policy',
      getObject(),
      { identity: idAllow },
      ALLOW,
    ],
    ['fails when nothing allows (implicit deny)', getObject(), {}, NO],
    [
      'allows when the bucket policy names the role (same account, no identity grant)',
      getObject(),
      { resource: grantTo({ AWS: ROLE }) },
      ALLOW,
    ],
    [
      'allows when the bucket policy names the session',
      getObject(),
      { resource: grantTo({ AWS: SESSION }) },
      ALLOW,
    ],
    ['allows when the bucket policy names everyone with "*"', getObject(), { resource: grantTo('*') }, ALLOW],
    [
      'allows when the bucket policy names everyone with {"AWS": "*"}',
      getObject(),
      { resource: grantTo({ AWS: '*' }) },
      ALLOW,
    ],
    [
      'fails when the bucket policy names only the account (it delegates to IAM)',
      getObject(),
      { resource: grantTo({ AWS: A }) },
      NO,
    ],
    [
      'fails when the bucket policy names only the account root ARN',
      getObject(),
      { resource: grantTo({ AWS: ROOT_A }) },
      NO,
    ],
    [
      'allows when the bucket policy names the account and the identity policy allows',
      getObject(),
      { resource: grantTo({ AWS: ROOT_A }), identity: idAllow },
      ALLOW,
    ],
    [
      'fails when the bucket policy names another role',
      getObject(),
      { resource: grantTo({ AWS: `arn:aws:iam::${A}:role/other` }) },
      NO,
    ],
    [
      'fails when a bucket Deny names the account: every principal in it',
      getObject(),
      { identity: idAllow, resource: named('B', deny({ Principal: { AWS: A } })) },
      DENY,
    ],
    [
      'fails when a bucket Deny names the role: its sessions too',
      getObject(),
      { identity: idAllow, resource: named('B', deny({ Principal: { AWS: ROLE } })) },
      DENY,
    ],
    [
      'allows when a bucket Deny names someone else',
      getObject(),
      { identity: idAllow, resource: named('B', deny({ Principal: { AWS: B_ROLE } })) },
      ALLOW,
    ],
    [
      'fails when only the identity policy allows across accounts',
      getObject({ principal: sessionB }),
      { identity: idAllow },
      NO,
    ],
    [
      'fails when only the bucket policy allows across accounts',
      getObject({ principal: sessionB }),
      { resource: grantTo({ AWS: ROOT_B }) },
      NO,
    ],
    [
      'allows when both allow across accounts (account named)',
      getObject({ principal: sessionB }),
      { identity: idAllow, resource: grantTo({ AWS: B }) },
      ALLOW,
    ],
    [
      'allows when both allow across accounts (role named)',
      getObject({ principal: sessionB }),
      { identity: idAllow, resource: grantTo({ AWS: B_ROLE }) },
      ALLOW,
    ],
    [
      'allows when both allow across accounts (session named)',
      getObject({ principal: sessionB }),
      { identity: idAllow, resource: grantTo({ AWS: B_SESSION }) },
      ALLOW,
    ],
    [
      'fails when the bucket policy names the resource account instead of the caller’s',
      getObject({ principal: sessionB }),
      { identity: idAllow, resource: grantTo({ AWS: ROOT_A }) },
      NO,
    ],
    [
      'allows when the bucket policy names the user',
      getObject({ principal: userA }),
      { resource: grantTo({ AWS: USER }) },
      ALLOW,
    ],
    [
      'fails when the bucket policy names another user',
      getObject({ principal: userA }),
      { resource: grantTo({ AWS: `arn:aws:iam::${A}:user/bob` }) },
      NO,
    ],
  ])('%s', (_name, request, policies, expected) => {
    expect(verdict(request, policies)).toBe(expected);
  });
});

describe('permissions boundaries and session policies', () => {
  const boundary = (...s: PolicyStatement[]) => named('Boundary', ...s);
  const silent = boundary(allow({ Action: 'ec2:*' }));
  test.each<[string, IamRequest, Policies, string]>([
    [
      'allows when identity and boundary both allow',
      getObject(),
      { identity: idAllow, boundary: boundary(allow({ Action: 's3:*' })) },
      ALLOW,
    ],
    [
      'fails when the boundary does not allow what the identity allows',
      getObject(),
      { identity: idAllow, boundary: silent },
      NO,
    ],
    [
      'fails when the boundary denies explicitly',
      getObject(),
      { identity: idAllow, boundary: boundary(allow({ Action: '*' }), deny()) },
      DENY,
    ],
    [
      'fails when a bucket grant to the role meets a silent boundary',
      getObject(),
      { resource: grantTo({ AWS: ROLE }), boundary: silent },
      NO,
    ],
    [
      'allows when a bucket grant to the session escapes a silent boundary',
      getObject(),
      { resource: grantTo({ AWS: SESSION }), boundary: silent },
      ALLOW,
    ],
    [
      'allows when a bucket grant to the user escapes a silent boundary',
      getObject({ principal: userA }),
      { resource: grantTo({ AWS: USER }), boundary: silent },
      ALLOW,
    ],
    [
      'fails when a bucket grant to the user meets a boundary Deny',
      getObject({ principal: userA }),
      { resource: grantTo({ AWS: USER }), boundary: boundary(deny()) },
      DENY,
    ],
    [
      'is uncertain when a bucket grant to "*" meets a silent boundary (undocumented)',
      getObject(),
      { resource: grantTo('*'), boundary: silent },
      'Allow (uncertain)',
    ],
    [
      'fails across accounts when the boundary is silent',
      getObject({ principal: sessionB }),
      { identity: idAllow, resource: grantTo({ AWS: B }), boundary: silent },
      NO,
    ],
    [
      'fails when the session policy does not allow',
      getObject(),
      { identity: idAllow, session: named('Session', allow({ Action: 'ec2:*' })) },
      NO,
    ],
    [
      'allows when identity and session policy both allow',
      getObject(),
      { identity: idAllow, session: named('Session', allow()) },
      ALLOW,
    ],
    [
      'fails when a bucket grant to the role meets a silent session policy',
      getObject(),
      { resource: grantTo({ AWS: ROLE }), session: named('Session', allow({ Action: 'ec2:*' })) },
      NO,
    ],
    [
      'allows when a bucket grant to the session escapes a silent session policy',
      getObject(),
      { resource: grantTo({ AWS: SESSION }), session: named('Session', allow({ Action: 'ec2:*' })) },
      ALLOW,
    ],
  ])('%s', (_name, request, policies, expected) => {
    expect(verdict(request, policies)).toBe(expected);
  });
});

describe('SCPs, RCPs and VPC endpoint policies', () => {
  const full = named('FullAWSAccess', allow({ Action: '*' }));
  const noS3Read = named('NoS3Read', deny({ Action: 's3:Get*' }));
  const ec2Only = named('Ec2Only', allow({ Action: 'ec2:*' }));
  const rcp = named(
    'OrgOnly',
    deny({
      Principal: '*',
      Action: 's3:*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': A } },
    }),
  );
  const endpoint = (...s: PolicyStatement[]) => named('Endpoint', ...s);
  test.each<[string, IamRequest, Policies, string]>([
    [
      'allows when every SCP level allows',
      getObject(),
      { identity: idAllow, scps: [[full], [full, ec2Only]] },
      ALLOW,
    ],
    [
      'fails when one SCP level allows nothing that applies',
      getObject(),
      { identity: idAllow, scps: [[full], [ec2Only]] },
      NO,
    ],
    [
      'fails when one SCP level has nothing attached',
      getObject(),
      { identity: idAllow, scps: [[full], []] },
      NO,
    ],
    ['fails when an SCP denies', getObject(), { identity: idAllow, scps: [[full, noS3Read]] }, DENY],
    [
      'fails when an SCP denies the root user',
      getObject({ principal: rootA }),
      { scps: [[full, noS3Read]] },
      DENY,
    ],
    [
      'allows when SCPs would deny a service principal (they do not apply to it)',
      getObject({ principal: service('logging.s3.amazonaws.com') }),
      { resource: grantTo({ Service: 'logging.s3.amazonaws.com' }), scps: [[noS3Read]] },
      ALLOW,
    ],
    [
      'fails when an RCP denies a principal from outside the organization',
      getObject({ principal: sessionB }),
      { identity: idAllow, resource: grantTo({ AWS: B }), rcps: [[rcp]] },
      DENY,
    ],
    [
      'allows when an RCP spares a principal inside',
      getObject(),
      { identity: idAllow, rcps: [[rcp]] },
      ALLOW,
    ],
    [
      'allows when an RCP level has no policy of its own (RCPFullAWSAccess is implicit)',
      getObject(),
      { identity: idAllow, rcps: [[]] },
      ALLOW,
    ],
    [
      'fails when an RCP denies an anonymous caller',
      getObject({ principal: anonymous }),
      { resource: grantTo('*'), rcps: [[rcp]] },
      DENY,
    ],
    [
      'allows when the endpoint policy allows',
      getObject(),
      { identity: idAllow, endpoint: endpoint(allow({ Principal: '*' })) },
      ALLOW,
    ],
    [
      'fails when the endpoint policy allows only another bucket',
      getObject(),
      { identity: idAllow, endpoint: endpoint(allow({ Principal: '*', Resource: 'arn:aws:s3:::other/*' })) },
      NO,
    ],
    [
      'fails when the endpoint policy denies',
      getObject(),
      {
        identity: idAllow,
        endpoint: endpoint(allow({ Principal: '*', Action: '*' }), deny({ Principal: '*' })),
      },
      DENY,
    ],
    [
      'allows when the endpoint policy names the caller’s account',
      getObject(),
      { identity: idAllow, endpoint: endpoint(allow({ Principal: { AWS: A } })) },
      ALLOW,
    ],
    [
      'fails when the endpoint policy names another account',
      getObject(),
      { identity: idAllow, endpoint: endpoint(allow({ Principal: { AWS: B } })) },
      NO,
    ],
  ])('%s', (_name, request, policies, expected) => {
    expect(verdict(request, policies)).toBe(expected);
  });
});

describe('KMS key policies (kind kms-key): the key policy is authoritative', () => {
  const decrypt = (principal = getObject().principal) =>
    getObject({ principal, action: 'kms:Decrypt', resource: KEY, resourceAccount: undefined });
  const keyPolicy = (principal: PolicyStatement['Principal']) =>
    named('KeyPolicy', allow({ Principal: principal, Action: 'kms:*' }));
  const kmsId = [named('Identity', allow({ Action: 'kms:Decrypt' }))];
  test.each<[string, IamRequest, Policies, ResourceKind, string]>([
    [
      'allows when the key policy names the account and IAM allows',
      decrypt(),
      { resource: keyPolicy({ AWS: ROOT_A }), identity: kmsId },
      'kms-key',
      ALLOW,
    ],
    [
      'fails when the key policy names the account but IAM is silent',
      decrypt(),
      { resource: keyPolicy({ AWS: ROOT_A }) },
      'kms-key',
      NO,
    ],
    [
      'allows when the key policy names the role, without IAM',
      decrypt(),
      { resource: keyPolicy({ AWS: ROLE }) },
      'kms-key',
      ALLOW,
    ],
    [
      'fails when IAM allows but the key policy names only another role',
      decrypt(),
      { resource: keyPolicy({ AWS: `arn:aws:iam::${A}:role/admin` }), identity: kmsId },
      'kms-key',
      NO,
    ],
    [
      'allows the same request under default rules (identity policy alone)',
      decrypt(),
      { resource: keyPolicy({ AWS: `arn:aws:iam::${A}:role/admin` }), identity: kmsId },
      'default',
      ALLOW,
    ],
    ['fails when there is no key policy at all', decrypt(), { identity: kmsId }, 'kms-key', NO],
    [
      'allows across accounts when the key names the account and the caller’s IAM allows',
      decrypt(sessionB),
      { resource: keyPolicy({ AWS: ROOT_B }), identity: kmsId },
      'kms-key',
      ALLOW,
    ],
    [
      'fails across accounts when the caller’s IAM is silent',
      decrypt(sessionB),
      { resource: keyPolicy({ AWS: ROOT_B }) },
      'kms-key',
      NO,
    ],
    [
      'allows the root user only through the key policy',
      decrypt(rootA),
      { resource: keyPolicy({ AWS: ROOT_A }) },
      'kms-key',
      ALLOW,
    ],
    [
      'fails the root user when the key policy does not name the account',
      decrypt(rootA),
      { resource: keyPolicy({ AWS: ROLE }) },
      'kms-key',
      NO,
    ],
  ])('%s', (_name, request, policies, kind, expected) => {
    expect(verdict(request, policies, { kind })).toBe(expected);
  });
});

describe('role trust policies (kind role-trust)', () => {
  const assume = (principal = getObject().principal) =>
    getObject({ principal, action: 'sts:AssumeRole', resource: TARGET_ROLE, resourceAccount: undefined });
  const trust = (principal: PolicyStatement['Principal'], action = 'sts:AssumeRole') =>
    named('Trust', { Effect: 'Allow', Principal: principal, Action: action });
  const mayAssume = [named('Identity', allow({ Action: 'sts:AssumeRole', Resource: TARGET_ROLE }))];
  test.each<[string, IamRequest, Policies, string]>([
    [
      'allows when the trust policy names the role directly, without IAM',
      assume(),
      { resource: trust({ AWS: ROLE }) },
      ALLOW,
    ],
    [
      'fails when the trust policy names the account and IAM is silent',
      assume(),
      { resource: trust({ AWS: ROOT_A }) },
      NO,
    ],
    [
      'allows when the trust policy names the account and IAM allows',
      assume(),
      { resource: trust({ AWS: ROOT_A }), identity: mayAssume },
      ALLOW,
    ],
    [
      'fails when IAM allows but the trust policy names another role',
      assume(),
      { resource: trust({ AWS: `arn:aws:iam::${A}:role/ci` }), identity: mayAssume },
      NO,
    ],
    [
      'allows across accounts when trust names the account and IAM allows',
      assume(sessionB),
      { resource: trust({ AWS: B }), identity: mayAssume },
      ALLOW,
    ],
    ['fails across accounts when IAM is silent', assume(sessionB), { resource: trust({ AWS: B_ROLE }) }, NO],
    [
      'allows a service the trust policy names',
      assume(service('sagemaker.amazonaws.com')),
      { resource: trust({ Service: 'sagemaker.amazonaws.com' }) },
      ALLOW,
    ],
    [
      'fails for a service the trust policy does not name',
      assume(service('ec2.amazonaws.com')),
      { resource: trust({ Service: 'sagemaker.amazonaws.com' }) },
      NO,
    ],
    [
      'allows a federated identity the trust policy names',
      getObject({
        principal: { arn: 'cognito-identity.amazonaws.com', account: '', type: 'federated' },
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: TARGET_ROLE,
      }),
      { resource: trust({ Federated: 'cognito-identity.amazonaws.com' }, 'sts:AssumeRoleWithWebIdentity') },
      ALLOW,
    ],
    [
      'fails for another identity provider',
      getObject({
        principal: { arn: 'accounts.google.com', account: '', type: 'federated' },
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: TARGET_ROLE,
      }),
      { resource: trust({ Federated: 'cognito-identity.amazonaws.com' }, 'sts:AssumeRoleWithWebIdentity') },
      NO,
    ],
    [
      'fails for the root user (root cannot assume roles)',
      assume(rootA),
      { resource: trust({ AWS: ROOT_A }) },
      NO,
    ],
  ])('%s', (_name, request, policies, expected) => {
    expect(verdict(request, policies, { kind: 'role-trust' })).toBe(expected);
  });
});

describe('root, service and anonymous principals', () => {
  test.each<[string, IamRequest, Policies, string]>([
    [
      'allows the root user in its own account without any policy',
      getObject({ principal: rootA }),
      {},
      ALLOW,
    ],
    [
      'fails when a bucket Deny names the root user’s account',
      getObject({ principal: rootA }),
      { resource: named('B', deny({ Principal: { AWS: A } })) },
      DENY,
    ],
    [
      'fails for another account’s root without a bucket grant',
      getObject({ principal: { ...rootA, arn: ROOT_B, account: B } }),
      {},
      NO,
    ],
    [
      'allows another account’s root with a bucket grant to its account',
      getObject({ principal: { ...rootA, arn: ROOT_B, account: B } }),
      { resource: grantTo({ AWS: B }) },
      ALLOW,
    ],
    [
      'allows a service principal the queue policy names',
      getObject({ principal: service('sns.amazonaws.com'), action: 'sqs:SendMessage', resource: QUEUE }),
      {
        resource: named(
          'Q',
          allow({ Principal: { Service: 'SNS.amazonaws.com' }, Action: 'sqs:SendMessage' }),
        ),
      },
      ALLOW,
    ],
    [
      'fails for a service principal with identity policies only (it has none)',
      getObject({ principal: service('sns.amazonaws.com'), action: 'sqs:SendMessage', resource: QUEUE }),
      { identity: [named('I', allow({ Action: '*' }))] },
      NO,
    ],
    [
      'allows an anonymous caller when the bucket policy names "*"',
      getObject({ principal: anonymous }),
      { resource: grantTo('*') },
      ALLOW,
    ],
    [
      'fails for an anonymous caller when the bucket policy names an account',
      getObject({ principal: anonymous }),
      { resource: grantTo({ AWS: A }) },
      NO,
    ],
  ])('%s', (_name, request, policies, expected) => {
    expect(verdict(request, policies)).toBe(expected);
  });
});

describe('results a rule author uses', () => {
  test('matched names the policy, Sid and index of the statement that denied', () => {
    const r = run(getObject(), {
      identity: idAllow,
      resource: named(
        'BucketPolicy',
        allow({ Sid: 'Readers', Principal: { AWS: ROLE } }),
        deny({
          Sid: 'NoPlainHttp',
          Principal: '*',
          Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
        }),
      ),
    });
    expect(r.decision).toBe(DENY);
    expect(r.matched).toEqual([
      { policy: 'Identity', effect: 'Allow', index: 0, certain: true },
      { policy: 'BucketPolicy', sid: 'Readers', effect: 'Allow', index: 0, certain: true },
      { policy: 'BucketPolicy', sid: 'NoPlainHttp', effect: 'Deny', index: 1, certain: true },
    ]);
  });

  test('isAllowed and isDenied are true only for certain outcomes', () => {
    const allowed = run(getObject(), { identity: idAllow });
    const denied = run(getObject(), {});
    const unsure = run(getObject({ resourceAccount: undefined }), { identity: idAllow });
    expect([isAllowed(allowed), isDenied(allowed)]).toEqual([true, false]);
    expect([isAllowed(denied), isDenied(denied)]).toEqual([false, true]);
    expect([isAllowed(unsure), isDenied(unsure)]).toEqual([false, false]);
  });

  test('an S3 request without the resource account is uncertain where same and cross account differ', () => {
    expect(verdict(getObject({ resourceAccount: undefined }), { identity: idAllow })).toBe(
      'Allow (uncertain)',
    );
    expect(
      verdict(getObject({ resourceAccount: undefined }), {
        identity: idAllow,
        resource: grantTo({ AWS: ROOT_A }),
      }),
    ).toBe(ALLOW);
    expect(verdict(getObject({ resourceAccount: undefined }), { identity: [named('I', deny())] })).toBe(DENY);
  });

  test('an action on no resource ("*") is decided in the caller’s own account', () => {
    const request = getObject({ action: 's3:ListAllMyBuckets', resource: '*', resourceAccount: undefined });
    expect(verdict(request, { identity: [named('I', allow({ Action: 's3:ListAllMyBuckets' }))] })).toBe(
      ALLOW,
    );
    const scoped = allow({ Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' });
    expect(verdict(request, { identity: [named('I', scoped)] })).toBe(NO);
  });

  test('the object ARN is what S3 object actions are matched against', () => {
    expect(
      verdict(getObject({ resource: OBJECT }), {
        identity: [named('I', allow({ Resource: 'arn:aws:s3:::data-bucket' }))],
      }),
    ).toBe(NO);
  });
});
