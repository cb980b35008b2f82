import { PolicyStatement } from '../../../lib/checks/iam';
import { A, BUCKET, OBJECT, QUEUE, allow, deny, doc, getObject, identity, userA, verdict } from './fixtures';

const ALLOW = 'Allow';
const NO = 'ImplicitDeny';

describe('Action and NotAction', () => {
  test.each<[string, PolicyStatement, string, string]>([
    ['allows when the action matches exactly', allow({ Action: 's3:GetObject' }), 's3:GetObject', ALLOW],
    ['allows when actions differ only in case', allow({ Action: 'S3:getobject' }), 's3:GetObject', ALLOW],
    ['allows when * matches a run of characters', allow({ Action: 's3:Get*' }), 's3:GetObjectAcl', ALLOW],
    ['allows when ? matches exactly one character', allow({ Action: 's3:Get?bject' }), 's3:GetObject', ALLOW],
    ['fails when ? would have to match two characters', allow({ Action: 's3:Ge?bject' }), 's3:GetObject', NO],
    ['allows when * alone matches any action', allow({ Action: '*' }), 'ec2:RunInstances', ALLOW],
    ['fails when the service differs', allow({ Action: 'ec2:*' }), 's3:GetObject', NO],
    [
      'allows when one of several actions matches',
      allow({ Action: ['s3:PutObject', 's3:GetObject'] }),
      's3:GetObject',
      ALLOW,
    ],
    [
      'fails when the pattern is a prefix without a wildcard',
      allow({ Action: 's3:Get' }),
      's3:GetObject',
      NO,
    ],
    [
      'allows when NotAction excludes other actions only',
      allow({ Action: undefined, NotAction: 's3:Put*' }),
      's3:GetObject',
      ALLOW,
    ],
    [
      'fails when NotAction lists the action',
      allow({ Action: undefined, NotAction: ['s3:Put*', 's3:get*'] }),
      's3:GetObject',
      NO,
    ],
  ])('%s', (_name, statement, action, expected) => {
    expect(verdict(getObject({ action }), identity(statement))).toBe(expected);
  });

  test('fails when a Deny with NotAction denies every action but the listed ones (an allowlist)', () => {
    const policies = identity(
      allow({ Action: '*' }),
      deny({ Action: undefined, NotAction: ['s3:GetObject', 's3:ListBucket'] }),
    );
    expect(verdict(getObject({ action: 's3:GetObject' }), policies)).toBe(ALLOW);
    expect(verdict(getObject({ action: 's3:PutObject' }), policies)).toBe('ExplicitDeny');
    expect(verdict(getObject({ action: 'sagemaker:CreatePresignedNotebookInstanceUrl' }), policies)).toBe(
      'ExplicitDeny',
    );
  });
});

describe('Resource and NotResource', () => {
  test.each<[string, string | string[], string, string]>([
    ['allows when * matches any resource', '*', OBJECT, ALLOW],
    ['allows when a bucket wildcard covers the object', 'arn:aws:s3:::data-bucket/*', OBJECT, ALLOW],
    ['allows when * in the resource part spans slashes', 'arn:aws:s3:::data-bucket/*/q1.csv', OBJECT, ALLOW],
    [
      'allows when * in the resource part spans colons',
      'arn:aws:s3:::data-bucket/*',
      'arn:aws:s3:::data-bucket/a:b/c',
      ALLOW,
    ],
    ['allows when ? matches one character', 'arn:aws:s3:::data-bucket/reports/202?/*', OBJECT, ALLOW],
    ['fails when the bucket ARN is used for an object', BUCKET, OBJECT, NO],
    [
      'fails when the resource differs only in case (ARNs are case-sensitive)',
      'arn:aws:s3:::Data-Bucket/*',
      OBJECT,
      NO,
    ],
    ['fails when a prefix wildcard names another bucket', 'arn:aws:s3:::other-*', OBJECT, NO],
    ['allows when a wildcard stays inside the region part', `arn:aws:sqs:us-*:${A}:jobs`, QUEUE, ALLOW],
    ['allows when ? stands in the resource part', `arn:aws:sqs:us-east-1:*:job?`, QUEUE, ALLOW],
    ['fails when the account differs', `arn:aws:sqs:us-east-1:222222222222:jobs`, QUEUE, NO],
    ['fails when a region wildcard would have to swallow the account too', 'arn:aws:sqs:*:jobs:x', QUEUE, NO],
    [
      'allows when one of several resources matches',
      ['arn:aws:s3:::other/*', 'arn:aws:s3:::data-bucket/*'],
      OBJECT,
      ALLOW,
    ],
  ])('%s', (_name, resourcePattern, resource, expected) => {
    const action = resource === QUEUE ? 'sqs:SendMessage' : 's3:GetObject';
    const policies = identity(allow({ Action: action, Resource: resourcePattern }));
    expect(verdict(getObject({ action, resource, resourceAccount: A }), policies)).toBe(expected);
  });

  test('allows only uncertainly when the policy ARN has fewer than six parts (malformed)', () => {
    expect(verdict(getObject(), identity(allow({ Resource: 'arn:aws:s3:*' })))).toBe('Allow (uncertain)');
    expect(verdict(getObject(), identity(allow({ Resource: 'arn:aws:ec2:*' })))).toBe(NO);
  });

  test('allows when NotResource lists other resources; fails when it lists this one', () => {
    const notResource = (v: string) => identity(allow({ Resource: undefined, NotResource: v }));
    expect(verdict(getObject(), notResource('arn:aws:s3:::other/*'))).toBe(ALLOW);
    expect(verdict(getObject(), notResource('arn:aws:s3:::data-bucket/*'))).toBe(NO);
  });

  test('fails when a Deny with NotResource covers everything outside the bucket', () => {
    const policies = identity(
      allow({ Resource: '*' }),
      deny({ Resource: undefined, NotResource: ['arn:aws:s3:::data-bucket/*'] }),
    );
    expect(verdict(getObject(), policies)).toBe(ALLOW);
    expect(verdict(getObject({ resource: 'arn:aws:s3:::other/x' }), policies)).toBe('ExplicitDeny');
  });

  test('applies a statement without Resource to the resource the policy is attached to', () => {
    const policies = identity({ Effect: 'Allow', Action: 's3:GetObject' });
    expect(verdict(getObject(), policies)).toBe(ALLOW);
  });
});

describe('policy variables', () => {
  const alice = (resource: string, context = {}) => getObject({ principal: userA, resource, context });
  const tagged = (resource: string) => getObject({ principal: { ...userA, tags: { team: 'ml' } }, resource });
  test.each<[string, () => string]>([
    [
      'allows when ${aws:username} names the caller’s own prefix',
      () =>
        verdict(
          alice('arn:aws:s3:::data-bucket/home/alice/x'),
          identity(allow({ Resource: 'arn:aws:s3:::data-bucket/home/${aws:username}/*' })),
        ),
    ],
    [
      'allows when ${aws:PrincipalTag/team} resolves from principal tags',
      () =>
        verdict(
          tagged('arn:aws:s3:::data-bucket/ml/x'),
          identity(allow({ Resource: 'arn:aws:s3:::data-bucket/${aws:PrincipalTag/team}/*' })),
        ),
    ],
    [
      'allows when a default value stands in for an absent key',
      () =>
        verdict(
          alice('arn:aws:s3:::data-bucket/shared/x'),
          identity(allow({ Resource: "arn:aws:s3:::data-bucket/${aws:PrincipalTag/team, 'shared'}/*" })),
        ),
    ],
    [
      'allows when ${*} is a literal asterisk',
      () =>
        verdict(
          alice('arn:aws:s3:::data-bucket/*star'),
          identity(allow({ Resource: 'arn:aws:s3:::data-bucket/${*}star' })),
        ),
    ],
    [
      'allows when ${?} and ${$} are literal characters',
      () =>
        verdict(
          alice('arn:aws:s3:::data-bucket/a?$b'),
          identity(allow({ Resource: 'arn:aws:s3:::data-bucket/a${?}${$}b' })),
        ),
    ],
    [
      'allows when any context key is a variable (aws:SourceAccount)',
      () =>
        verdict(
          getObject({ context: { 'aws:SourceAccount': A } }),
          identity(
            allow({ Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:SourceAccount}' } } }),
          ),
        ),
    ],
  ])('%s', (_name, result) => {
    expect(result()).toBe(ALLOW);
  });

  test.each<[string, () => string]>([
    [
      'fails when ${aws:username} names someone else’s prefix',
      () =>
        verdict(
          alice('arn:aws:s3:::data-bucket/home/bob/x'),
          identity(allow({ Resource: 'arn:aws:s3:::data-bucket/home/${aws:username}/*' })),
        ),
    ],
    [
      'fails when the variable cannot be resolved (roles have no aws:username)',
      () =>
        verdict(
          getObject({ resource: 'arn:aws:s3:::data-bucket/home/x' }),
          identity(allow({ Resource: 'arn:aws:s3:::data-bucket/home/${aws:username}*' })),
        ),
    ],
    [
      'fails when a resolved value holds * (it is literal, not a wildcard)',
      () =>
        verdict(
          getObject({
            principal: { ...userA, tags: { team: '*' } },
            resource: 'arn:aws:s3:::data-bucket/ml/x',
          }),
          identity(allow({ Resource: 'arn:aws:s3:::data-bucket/${aws:PrincipalTag/team}/*' })),
        ),
    ],
    [
      'fails when the variable is multivalued',
      () =>
        verdict(
          alice('arn:aws:s3:::data-bucket/a/x', { 'aws:TagKeys': ['a'] }),
          identity(allow({ Resource: 'arn:aws:s3:::data-bucket/${aws:TagKeys}/*' })),
        ),
    ],
    [
      'fails when the policy predates variables (Version 2008-10-17: ${...} is literal)',
      () =>
        verdict(alice('arn:aws:s3:::data-bucket/home/alice/x'), {
          identity: [
            {
              name: 'Old',
              document: {
                Version: '2008-10-17',
                Statement: allow({ Resource: 'arn:aws:s3:::data-bucket/home/${aws:username}/*' }),
              },
            },
          ],
        }),
    ],
    [
      'fails when a variable sits before the fifth colon (only the resource part resolves)',
      () =>
        verdict(
          getObject({ resource: QUEUE, action: 'sqs:SendMessage' }),
          identity(
            allow({
              Action: 'sqs:SendMessage',
              Resource: 'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:jobs',
            }),
          ),
        ),
    ],
    [
      'fails when a variable appears in a Numeric condition (not supported there)',
      () =>
        verdict(
          getObject({ context: { 'aws:MultiFactorAuthAge': '30', 'aws:PrincipalTag/max': '300' } }),
          identity(
            allow({
              Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:PrincipalTag/max}' } },
            }),
          ),
        ),
    ],
  ])('%s', (_name, result) => {
    expect(result()).not.toBe(ALLOW);
  });

  test('a negated operator holds against an unresolvable variable ("policy variables with no value")', () => {
    const policies = identity(
      allow(),
      deny({ Condition: { StringNotEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}' } } }),
    );
    expect(verdict(getObject({ principal: { ...userA, tags: { team: 'ml' } } }), policies)).toBe(
      'ExplicitDeny',
    );
  });

  test('variables resolve in ARN condition operators', () => {
    const policies = identity(
      allow({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:${aws:PrincipalAccount}:*' } } }),
    );
    expect(
      verdict(getObject({ context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:t` } }), policies),
    ).toBe(ALLOW);
    expect(
      verdict(getObject({ context: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:222222222222:t' } }), policies),
    ).toBe(NO);
  });

  test('a statement list and a single statement object are the same policy', () => {
    const one = { identity: [{ name: 'P', document: doc(allow()) }] };
    const list = { identity: [{ name: 'P', document: { Version: '2012-10-17', Statement: [allow()] } }] };
    expect(verdict(getObject(), one)).toBe(ALLOW);
    expect(verdict(getObject(), list)).toBe(ALLOW);
  });
});
