import { BucketExportConfigurations } from '../../../../lib/checks/rules/s3/bucket-export-configurations';
import { BucketPolicyPrincipals } from '../../../../lib/checks/rules/s3/bucket-policy-principals';
import { EXPORT_CONFIGURATION_ACTIONS } from '../../../../lib/contract';
import { Statement, dataPerimeter } from '../../fixture';
import { arn, objects } from '../../support';
import { flags, reasonsOf } from '../reasons';

const EXPORTS = 3;

describe('Isolation-S3EXPORT2: nobody configures exports of a data, artifact or audit bucket', () => {
  const exports = (change: (s: Statement) => Statement | undefined, purpose?: string) =>
    reasonsOf(BucketExportConfigurations, (s) =>
      dataPerimeter(s, {
        purpose,
        statements: (st) =>
          st.flatMap((x, i) => (i === EXPORTS ? [change(x)].filter((y): y is Statement => !!y) : [x])),
      }),
    );
  test('passes a bucket policy that denies every export configuration to everyone', () => {
    expect(exports((x) => x)).toEqual({});
  });
  test('fails when replication configuration is not denied, naming who may set it', () => {
    const f = exports((x) => ({
      ...x,
      Action: EXPORT_CONFIGURATION_ACTIONS.filter((a) => a !== 's3:PutReplicationConfiguration'),
    }));
    expect(flags(f, 'Data', /^s3:PutReplicationConfiguration by .*unknown administrator/)).toBe(true);
  });
  test('fails for an audit bucket whose inventory may be configured', () => {
    const f = exports((x) => ({ ...x, Action: ['s3:PutReplicationConfiguration'] }), 'audit');
    expect(flags(f, 'Data', /s3:PutInventoryConfiguration/)).toBe(true);
  });
  test('fails when the Deny applies to some principals only', () => {
    const f = exports((x) => ({ ...x, Condition: { ArnEquals: { 'aws:PrincipalArn': arn('Training') } } }));
    expect(flags(f, 'Data', /by an unknown administrator/)).toBe(true);
  });
  test('does not apply to an access-logs bucket', () => {
    expect(exports(() => undefined, 'access-logs')).toEqual({});
  });
});

describe('Isolation-S3POL: no principal outside the account', () => {
  const policy = (extra: Statement) =>
    reasonsOf(BucketPolicyPrincipals, (s) => dataPerimeter(s, { statements: (st) => [...st, extra] }));
  test('passes a service principal bound to this account', () => {
    expect(
      policy({
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: arn('Data'),
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      }),
    ).toEqual({});
  });
  test('fails when the service works for any account', () => {
    const f = policy({
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: objects('Data'),
    });
    expect(
      flags(f, 'DataPolicy', /^s3:PutObject by logging\.s3\.amazonaws\.com working for account 999988887777/),
    ).toBe(true);
  });
  test('fails when a public Allow is cancelled only by a Deny of the same policy', () => {
    const publicRead: Statement = {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: objects('Data'),
    };
    const f = policy(publicRead);
    expect(flags(f, 'DataPolicy', /^s3:GetObject by .* by an Allow of the policy \(only a Deny/)).toBe(true);
    // The same Allow bound to this account grants nobody outside it.
    expect(
      policy({ ...publicRead, Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } }),
    ).toEqual({});
  });
  test('fails when everyone is "restricted" by StringLike aws:PrincipalArn "*"', () => {
    const f = policy({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:ListBucket',
      Resource: arn('Data'),
      Condition: { StringLike: { 'aws:PrincipalArn': '*' } },
    });
    expect(flags(f, 'DataPolicy', /^s3:ListBucket.* by a role of account 999988887777/)).toBe(true);
  });
  test('fails when a role name pattern also matches roles of other accounts', () => {
    const f = policy({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:ListBucket',
      Resource: arn('Data'),
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/analytics' } },
    });
    expect(flags(f, 'DataPolicy', /by a role named analytics in account 999988887777/)).toBe(true);
  });
  test('fails when the whole organization is granted', () => {
    const f = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:ListBucket',
      Resource: arn('Data'),
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
    expect(flags(f, 'DataPolicy', /in your organization/)).toBe(true);
  });
  test('passes a grant to this account that the perimeter Deny overrides for reads', () => {
    expect(
      policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 's3:GetObject',
        Resource: objects('Data'),
      }),
    ).toEqual({});
  });
});
