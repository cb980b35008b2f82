import { dataPerimeter } from '../fixture';
import { arn, isolationFindings, objects, ref, res } from '../support';

const S3_RULES = [
  'Isolation-S3ENC',
  'Isolation-S3TLS',
  'Isolation-S3BPA',
  'Isolation-S3VER',
  'Isolation-S3POL',
  'Isolation-S3VPCE',
  'Isolation-S3LIFE',
  'Isolation-TRAIL1',
];

test('a compliant data bucket passes every bucket rule', () => {
  const f = isolationFindings((s) => dataPerimeter(s));
  for (const rule of S3_RULES) expect(f[rule]).toBeUndefined();
});

describe('Isolation-S3ENC customer-managed KMS', () => {
  test('fails when the bucket uses SSE-S3', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        bucket: (p) => ({
          ...p,
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
        }),
      }),
    );
    expect(f['Isolation-S3ENC']).toEqual(['Data']);
  });
  test('fails when the bucket uses the AWS-managed key', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        bucket: (p) => ({
          ...p,
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' } },
            ],
          },
        }),
      }),
    );
    expect(f['Isolation-S3ENC']).toEqual(['Data']);
  });
});

describe('Isolation-S3TLS', () => {
  test('fails when no statement denies plain HTTP', () => {
    const f = isolationFindings((s) => dataPerimeter(s, { statements: (st) => st.slice(1) }));
    expect(f['Isolation-S3TLS']).toEqual(['Data']);
  });
});

describe('Isolation-S3BPA', () => {
  test('fails when one Block Public Access flag is off', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        bucket: (p) => ({
          ...p,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: false,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
        }),
      }),
    );
    expect(f['Isolation-S3BPA']).toEqual(['Data']);
  });
});

describe('Isolation-S3VER', () => {
  test('fails when versioning is suspended', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, { bucket: (p) => ({ ...p, VersioningConfiguration: { Status: 'Suspended' } }) }),
    );
    expect(f['Isolation-S3VER']).toEqual(['Data']);
  });
});

describe('Isolation-S3POL', () => {
  test('passes a service principal restricted to this account', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        statements: (st) => [
          ...st,
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 's3:GetBucketAcl',
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          },
        ],
      }),
    );
    expect(f['Isolation-S3POL']).toBeUndefined();
  });
  test('fails when the policy allows a public principal', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        statements: (st) => [
          ...st,
          { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: arn('Data') },
        ],
      }),
    );
    expect(f['Isolation-S3POL']).toEqual(['DataPolicy']);
  });
  test('fails when the policy allows another account', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        statements: (st) => [
          ...st,
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::999988887777:root' },
            Action: 's3:GetObjectTagging',
            Resource: objects('Data'),
          },
        ],
      }),
    );
    expect(f['Isolation-S3POL']).toEqual(['DataPolicy']);
  });
});

describe('Isolation-S3VPCE', () => {
  test('fails when there is no SourceVpce deny', () => {
    const f = isolationFindings((s) => dataPerimeter(s, { statements: (st) => st.slice(0, 1) }));
    expect(f['Isolation-S3VPCE']).toEqual(['Data']);
  });
  test('fails when the deny exempts the training role', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        statements: (st) => [
          st[0],
          {
            ...st[1],
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': ref('Endpoint') },
              ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/training' },
            },
          },
        ],
      }),
    );
    expect(f['Isolation-S3VPCE']).toEqual(['Data']);
  });
  test('passes an exempted deployment role that its own deny confines to approved objects', () => {
    const role = arn('Deploy');
    const f = isolationFindings((s) => {
      res(s, 'Deploy', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Tags: [{ Key: 'isotrain:purpose', Value: 'deployment-role' }],
      });
      dataPerimeter(s, {
        statements: (st) => [
          st[0],
          {
            ...st[1],
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': ref('Endpoint') },
              ArnNotEquals: { 'aws:PrincipalArn': [role] },
            },
          },
          {
            ...st[1],
            Condition: {
              StringNotEquals: {
                'aws:SourceVpce': ref('Endpoint'),
                's3:ExistingObjectTag/isotrain:release': 'approved',
              },
              ArnEquals: { 'aws:PrincipalArn': role },
            },
          },
          ...st.slice(2),
        ],
      });
    });
    expect(f['Isolation-S3VPCE']).toBeUndefined();
  });
  test('does not apply to an audit bucket', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, { purpose: 'audit', statements: (st) => st.slice(0, 1) }),
    );
    expect(f['Isolation-S3VPCE']).toBeUndefined();
  });
  test('fails for an untagged bucket (treated as data) without the deny', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, { purpose: null, statements: (st) => st.slice(0, 1) }),
    );
    expect(f['Isolation-S3VPCE']).toEqual(['Data']);
  });
});

describe('Isolation-S3LIFE', () => {
  test('fails when noncurrent versions never expire', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        bucket: (p) => ({
          ...p,
          LifecycleConfiguration: {
            Rules: [
              { Id: 'Expire', Status: 'Enabled', ExpirationInDays: 30 },
              { Id: 'Abort', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
            ],
          },
        }),
      }),
    );
    expect(f['Isolation-S3LIFE']).toEqual(['Data']);
  });
  test('fails when incomplete uploads are kept', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        bucket: (p) => ({
          ...p,
          LifecycleConfiguration: {
            Rules: [
              {
                Id: 'Expire',
                Status: 'Enabled',
                ExpirationInDays: 30,
                NoncurrentVersionExpiration: { NoncurrentDays: 7 },
              },
            ],
          },
        }),
      }),
    );
    expect(f['Isolation-S3LIFE']).toEqual(['Data']);
  });
  test('passes an artifact bucket whose checkpoints expire under a prefix', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        purpose: 'artifacts',
        bucket: (p) => ({
          ...p,
          LifecycleConfiguration: {
            Rules: [
              { Id: 'Checkpoints', Status: 'Enabled', Prefix: 'checkpoints/', ExpirationInDays: 14 },
              {
                Id: 'Unreleased',
                Status: 'Enabled',
                TagFilters: [{ Key: 'isotrain:artifact', Value: 'unreleased' }],
                ExpirationInDays: 30,
              },
              { Id: 'Noncurrent', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 7 } },
              { Id: 'Markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
              {
                Id: 'Wipe',
                Status: 'Enabled',
                TagFilters: [{ Key: 'isotrain:wipe', Value: 'true' }],
                ExpirationInDays: 1,
                NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              },
              { Id: 'Abort', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
            ],
          },
        }),
      }),
    );
    expect(f['Isolation-S3LIFE']).toBeUndefined();
  });
  test('fails when an artifact bucket lets checkpoints live forever', () => {
    const f = isolationFindings((s) =>
      dataPerimeter(s, {
        purpose: 'artifacts',
        bucket: (p) => ({
          ...p,
          LifecycleConfiguration: {
            Rules: [
              {
                Id: 'Noncurrent',
                Status: 'Enabled',
                NoncurrentVersionExpiration: { NoncurrentDays: 7 },
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              },
            ],
          },
        }),
      }),
    );
    expect(f['Isolation-S3LIFE']).toEqual(['Data']);
  });
});

test('a second bucket policy for the same bucket is judged too (either may be the one that applies)', () => {
  const f = isolationFindings((s) => {
    dataPerimeter(s);
    res(s, 'Other', 'AWS::S3::BucketPolicy', { Bucket: ref('Data'), PolicyDocument: { Statement: [] } });
  });
  expect(f['Isolation-S3VPCE']).toEqual(['Data']);
});

describe('Isolation-S3REPL', () => {
  const replicate =
    (destination: Record<string, unknown>) => (s: Parameters<Parameters<typeof isolationFindings>[0]>[0]) =>
      dataPerimeter(s, {
        bucket: (p) => ({
          ...p,
          ReplicationConfiguration: {
            Role: 'arn:aws:iam::111122223333:role/r',
            Rules: [{ Status: 'Enabled', Destination: destination }],
          },
        }),
      });
  test('does not apply to a bucket that does not replicate', () => {
    expect(isolationFindings((s) => dataPerimeter(s))['Isolation-S3REPL']).toBeUndefined();
  });
  test('fails when objects replicate to a bucket of the app that lacks the bucket controls', () => {
    const f = isolationFindings((s) => {
      res(s, 'Replica', 'AWS::S3::Bucket', {});
      replicate({ Bucket: { 'Fn::GetAtt': ['Replica', 'Arn'] } })(s);
    });
    expect(f['Isolation-S3REPL']).toEqual(['Data']);
  });
  test('fails when objects replicate to a bucket outside the app', () => {
    expect(isolationFindings(replicate({ Bucket: 'arn:aws:s3:::elsewhere' }))['Isolation-S3REPL']).toEqual([
      'Data',
    ]);
  });
  test('fails when objects replicate to another account', () => {
    const f = isolationFindings((s) => {
      res(s, 'Replica', 'AWS::S3::Bucket', {});
      replicate({ Bucket: { 'Fn::GetAtt': ['Replica', 'Arn'] }, Account: '999988887777' })(s);
    });
    expect(f['Isolation-S3REPL']).toEqual(['Data']);
  });
});
