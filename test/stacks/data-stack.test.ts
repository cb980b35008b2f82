import { Match, Template } from 'aws-cdk-lib/assertions';
import { project, synthProject } from '../helpers';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

function bucketByPurpose(t: Template, purpose: string): [string, Resource] {
  const found = Object.entries(t.findResources('AWS::S3::Bucket')).filter(([, r]) =>
    (r.Properties.Tags ?? []).some((tag: any) => tag.Key === 'isotrain:purpose' && tag.Value === purpose),
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

function policyOf(t: Template, bucketId: string): any[] {
  const [policy] = Object.values(
    t.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }),
  );
  return policy.Properties.PolicyDocument.Statement;
}

describe('DataStack', () => {
  const config = project({
    retention: {
      trainingDataDays: 45,
      noncurrentVersionDays: 3,
      checkpointDays: 10,
      logDays: 731,
      auditDays: 3650,
    },
  });
  const { data, stage } = synthProject(config);
  const purposes = ['training-data', 'artifacts', 'access-logs', 'audit'];

  describe('every bucket', () => {
    test.each(purposes)(
      '%s: Block Public Access, SSE-KMS with a bucket key, versioning, owner-enforced',
      (purpose) => {
        const [, bucket] = bucketByPurpose(data, purpose);
        expect(bucket.Properties).toMatchObject({
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                BucketKeyEnabled: true,
                ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: expect.anything() },
              },
            ],
          },
          VersioningConfiguration: { Status: 'Enabled' },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        });
      },
    );

    test.each(purposes)('%s: TLS only, and TLS 1.2 or newer', (purpose) => {
      const [id] = bucketByPurpose(data, purpose);
      const statements = policyOf(data, id);
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      );
    });

    test.each(purposes)('%s: uploads naming another encryption or another key are denied', (purpose) => {
      const [id] = bucketByPurpose(data, purpose);
      const statements = policyOf(data, id);
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Sid: 'DenyUploadsWithOtherEncryption',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Condition: {
              Null: { 's3:x-amz-server-side-encryption': 'false' },
              StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
            },
          }),
          expect.objectContaining({
            Sid: 'DenyUploadsWithOtherKeys',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Condition: {
              Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
              StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': expect.anything() },
            },
          }),
        ]),
      );
    });

    test.each(purposes)('%s: retained', (purpose) => {
      const [, bucket] = bucketByPurpose(data, purpose);
      expect(bucket.DeletionPolicy).toBe('Retain');
    });

    test.each(['training-data', 'artifacts', 'audit'])(
      '%s: server access logs go to the access-log bucket',
      (purpose) => {
        const [logsId] = bucketByPurpose(data, 'access-logs');
        const [id, bucket] = bucketByPurpose(data, purpose);
        expect(bucket.Properties.LoggingConfiguration).toEqual({
          DestinationBucketName: { Ref: logsId },
          LogFilePrefix: expect.any(String),
        });
        const delivery = policyOf(data, logsId).filter(
          (s) =>
            s.Principal?.Service === 'logging.s3.amazonaws.com' && JSON.stringify(s.Condition).includes(id),
        );
        expect(delivery).toEqual([
          expect.objectContaining({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Condition: {
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [id, 'Arn'] } },
              StringEquals: { 'aws:SourceAccount': '111122223333' },
            },
          }),
        ]);
      },
    );
  });

  test('the project data key encrypts training data; the artifact key, artifacts; the logs key, logs and audit', () => {
    const keyOf = (purpose: string) =>
      bucketByPurpose(data, purpose)[1].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]
        .ServerSideEncryptionByDefault.KMSMasterKeyID;
    expect(JSON.stringify(keyOf('training-data'))).toMatch(/DataKey|KeysData/);
    expect(JSON.stringify(keyOf('artifacts'))).toMatch(/KeysArtifacts/);
    expect(JSON.stringify(keyOf('audit'))).toMatch(/KeysLogs/);
    expect(JSON.stringify(keyOf('access-logs'))).toMatch(/KeysLogs/);
  });

  describe('data perimeter', () => {
    // The artifact bucket has the release gate's exception (issue 5): test/constructs/release-gate.test.ts.
    test.each(['training-data'])(
      '%s: object reads from anywhere but the project S3 endpoint are denied, for everyone',
      (purpose) => {
        const [id] = bucketByPurpose(data, purpose);
        const deny = policyOf(data, id).find((s) => s.Sid === 'DenyObjectReadsOutsideTheProjectEndpoint');
        const [endpointId] = Object.keys(data.findResources('AWS::EC2::VPCEndpoint'));
        expect(deny).toEqual({
          Sid: 'DenyObjectReadsOutsideTheProjectEndpoint',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion']),
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] },
          Condition: { StringNotEquals: { 'aws:SourceVpce': { Ref: endpointId } } },
        });
      },
    );

    test('the S3 gateway endpoint admits only this account and only the project buckets', () => {
      const [dataId] = bucketByPurpose(data, 'training-data');
      const [artifactsId] = bucketByPurpose(data, 'artifacts');
      const [endpoint] = Object.values(data.findResources('AWS::EC2::VPCEndpoint'));
      expect(endpoint.Properties.VpcEndpointType).toBe('Gateway');
      expect(JSON.stringify(endpoint.Properties.ServiceName)).toContain('.s3');
      const statements = endpoint.Properties.PolicyDocument.Statement;
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatchObject({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } },
      });
      expect(statements[0].Action).not.toContain('s3:*');
      const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
      const objects = (id: string) => ({ 'Fn::Join': ['', [arn(id), '/*']] });
      expect(statements[0].Resource).toHaveLength(4);
      expect(statements[0].Resource).toEqual(
        expect.arrayContaining([arn(dataId), objects(dataId), arn(artifactsId), objects(artifactsId)]),
      );
    });

    test('the endpoint is attached to every isolated route table', () => {
      const [endpoint] = Object.values(data.findResources('AWS::EC2::VPCEndpoint'));
      expect(endpoint.Properties.RouteTableIds).toHaveLength(2);
    });
  });

  describe('lifecycle deletion', () => {
    const rules = (purpose: string) =>
      bucketByPurpose(data, purpose)[1].Properties.LifecycleConfiguration.Rules as any[];

    test('training data expires after its retention, and so does every old version', () => {
      expect(rules('training-data')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Status: 'Enabled',
            ExpirationInDays: 45,
            NoncurrentVersionExpiration: { NoncurrentDays: 3 },
          }),
        ]),
      );
    });

    test.each(['training-data', 'artifacts', 'access-logs', 'audit'])(
      '%s: expired delete markers are removed and incomplete uploads aborted after a day',
      (purpose) => {
        expect(rules(purpose)).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ ExpiredObjectDeleteMarker: true, Status: 'Enabled' }),
            expect.objectContaining({
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              Status: 'Enabled',
            }),
          ]),
        );
      },
    );

    test('checkpoints expire after their retention; old artifact versions expire', () => {
      expect(rules('artifacts')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Prefix: 'checkpoints/',
            ExpirationInDays: 10,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          }),
          expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 3 } }),
        ]),
      );
    });

    test.each(['training-data', 'artifacts'])(
      '%s: objects tagged for wiping expire within a day, every version',
      (purpose) => {
        expect(rules(purpose)).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              TagFilters: [{ Key: 'isotrain:wipe', Value: 'true' }],
              ExpirationInDays: 1,
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            }),
          ]),
        );
      },
    );

    test('access logs expire after the log retention', () => {
      expect(rules('access-logs')).toEqual(
        expect.arrayContaining([expect.objectContaining({ ExpirationInDays: 731 })]),
      );
    });
  });

  describe('audit', () => {
    test('the audit bucket has Object Lock in compliance mode for the audit retention, and expires only after it', () => {
      const [, audit] = bucketByPurpose(data, 'audit');
      expect(audit.Properties.ObjectLockEnabled).toBe(true);
      expect(audit.Properties.ObjectLockConfiguration).toEqual({
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } },
      });
      const expirations = (audit.Properties.LifecycleConfiguration.Rules as any[]).filter(
        (r) => r.ExpirationInDays,
      );
      expect(expirations.map((r) => r.ExpirationInDays)).toEqual([3650]);
    });

    test('governance mode when the project asks for it', () => {
      const t = synthProject({ ...project(), audit: { objectLockMode: 'GOVERNANCE' } }).data;
      const [, audit] = bucketByPurpose(t, 'audit');
      expect(audit.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode).toBe('GOVERNANCE');
    });

    test('the trail validates log files, is KMS-encrypted, copies to an encrypted log group and records S3 data events on both data buckets', () => {
      const [dataId] = bucketByPurpose(data, 'training-data');
      const [artifactsId] = bucketByPurpose(data, 'artifacts');
      const [auditId] = bucketByPurpose(data, 'audit');
      data.hasResourceProperties('AWS::CloudTrail::Trail', {
        IsLogging: true,
        // IAM and STS calls are recorded in us-east-1 only; a single-region trail elsewhere misses them.
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        KMSKeyId: Match.anyValue(),
        S3BucketName: { Ref: auditId },
        CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('TrailLogGroup'), 'Arn'] },
        EventSelectors: [
          {
            IncludeManagementEvents: true,
            ReadWriteType: 'All',
            DataResources: [
              {
                Type: 'AWS::S3::Object',
                Values: [
                  { 'Fn::Join': ['', [{ 'Fn::GetAtt': [dataId, 'Arn'] }, '/']] },
                  { 'Fn::Join': ['', [{ 'Fn::GetAtt': [artifactsId, 'Arn'] }, '/']] },
                ],
              },
            ],
          },
          // Issue 8: who wrote which version of a run record (verification against ground truth).
          {
            IncludeManagementEvents: false,
            ReadWriteType: 'WriteOnly',
            DataResources: [
              {
                Type: 'AWS::S3::Object',
                Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [auditId, 'Arn'] }, '/runs/']] }],
              },
            ],
          },
        ],
      });
    });

    test('CloudTrail may write to the audit bucket only for this account', () => {
      const [auditId] = bucketByPurpose(data, 'audit');
      const statements = policyOf(data, auditId).filter(
        (s) => s.Principal?.Service === 'cloudtrail.amazonaws.com',
      );
      expect(statements).toHaveLength(2);
      for (const s of statements) expect(s.Condition.StringEquals['aws:SourceAccount']).toBe('111122223333');
    });
  });

  test('every log group is KMS-encrypted, has the log retention (job logs: their own, short) and is retained', () => {
    const groups = data.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups).length).toBeGreaterThanOrEqual(2);
    const jobLogs = ['/aws/sagemaker/TrainingJobs', '/aws/sagemaker/ProcessingJobs'];
    for (const g of Object.values(groups)) {
      expect(g.Properties.KmsKeyId).toBeDefined();
      expect(g.Properties.RetentionInDays).toBe(jobLogs.includes(g.Properties.LogGroupName) ? 30 : 731);
      expect(g.DeletionPolicy).toBe('Retain');
    }
  });

  test('the job log groups mask personal data (issue 8, point 6)', () => {
    for (const name of ['/aws/sagemaker/TrainingJobs', '/aws/sagemaker/ProcessingJobs']) {
      const [group] = Object.values(
        data.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: name } }),
      );
      const policy = group.Properties.DataProtectionPolicy;
      const [audit, mask] = policy.Statement;
      expect(audit.Operation).toEqual({ Audit: { FindingsDestination: {} } });
      expect(mask.Operation).toEqual({ Deidentify: { MaskConfig: {} } });
      expect(mask.DataIdentifier).toEqual(audit.DataIdentifier);
      const identifiers = JSON.stringify(mask.DataIdentifier);
      for (const id of [
        'EmailAddress',
        'Name',
        'Address',
        'PhoneNumber-US',
        'CreditCardNumber',
        'Ssn-US',
        'AwsSecretKey',
      ]) {
        expect(identifiers).toContain(`:dataprotection::aws:data-identifier/${id}"`);
      }
      // CloudWatch Logs refuses a policy document above 30,720 characters.
      expect(JSON.stringify(policy).length).toBeLessThan(30_720);
    }
  });

  test('the account-wide SageMaker training log group is created encrypted unless the project opts out', () => {
    data.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/sagemaker/TrainingJobs',
      KmsKeyId: Match.anyValue(),
    });
    const other = synthProject(
      project({ training: { ecrRepositories: ['finetune'], createSageMakerLogGroup: false } }),
    ).data;
    expect(
      Object.values(other.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.LogGroupName),
    ).not.toContain('/aws/sagemaker/TrainingJobs');
  });

  test('the stack is termination-protected', () => {
    expect(stage.data.terminationProtection).toBe(true);
  });

  test('the trail and roles use managed policies, never inline ones', () => {
    data.resourceCountIs('AWS::IAM::Policy', 0);
    for (const role of Object.values(data.findResources('AWS::IAM::Role')))
      expect(role.Properties.Policies).toBeUndefined();
  });
});
