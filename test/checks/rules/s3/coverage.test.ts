import { CfnDeletionPolicy, CfnResource, Stack } from 'aws-cdk-lib';
import { AppModel } from '../../../../lib/checks/model';
import { ProjectSettings } from '../../../../lib/checks/project-settings';
import { dataPerimeter } from '../../fixture';
import { arn, findingsOf, projectTags, ref, res } from '../coverage-support';

type Props = Record<string, unknown>;
const withBucket = (bucket: (p: Props) => Props, extra: (s: Stack) => void = () => undefined) =>
  findingsOf((s) => {
    dataPerimeter(s, { bucket: (p) => bucket({ ...p, Tags: projectTags('training-data') }) });
    const data = s.node.findChild('Data') as CfnResource;
    data.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    data.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    extra(s);
  });
const lifecycle = (rules: Props[]) => (p: Props) => ({ ...p, LifecycleConfiguration: { Rules: rules } });
const whole = [
  {
    Id: 'Expire',
    Status: 'Enabled',
    ExpirationInDays: 30,
    NoncurrentVersionExpiration: { NoncurrentDays: 7 },
  },
  { Id: 'Markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
  { Id: 'Abort', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
  {
    Id: 'Wipe',
    Status: 'Enabled',
    TagFilters: [{ Key: 'isotrain:wipe', Value: 'true' }],
    ExpirationInDays: 1,
    NoncurrentVersionExpiration: { NoncurrentDays: 1 },
  },
];

describe('Isolation-S3LIFE every version expires', () => {
  test('passes expiration, noncurrent expiration, delete-marker cleanup and aborted uploads', () => {
    expect(withBucket(lifecycle(whole))['Isolation-S3LIFE']).toBeUndefined();
  });
  test.each([
    [
      'keeps the newest noncurrent versions',
      [
        { ...whole[0], NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 2 } },
        whole[1],
        whole[2],
      ],
      'forever',
    ],
    ['leaves expired delete markers', [whole[0], whole[2], whole[3]], 'delete markers'],
    [
      'leaves objects tagged for wiping to the general expiration',
      whole.slice(0, 3),
      'not wiped by a rule of their own',
    ],
    [
      'expires only a prefix',
      [{ ...whole[0], Prefix: 'datasets/' }, ...whole.slice(1)],
      'noncurrent versions never expire',
    ],
    [
      'keeps objects 100 years',
      [{ ...whole[0], ExpirationInDays: 36500 }, ...whole.slice(1)],
      'more than 3650',
    ],
    ['has its expiration disabled', [{ ...whole[0], Status: 'Disabled' }, ...whole.slice(1)], 'never expire'],
  ])('fails when the bucket %s', (_what, rules, why) => {
    expect(withBucket(lifecycle(rules))['Isolation-S3LIFE']).toEqual(
      expect.arrayContaining([expect.stringContaining(why)]),
    );
  });
  const accessLogs = (days: number, extra: Props[] = []) =>
    findingsOf((s) =>
      res(s, 'Logs', 'AWS::S3::Bucket', {
        Tags: projectTags('access-logs'),
        LifecycleConfiguration: {
          Rules: [{ ...whole[0], ExpirationInDays: days }, whole[1], whole[2], ...extra],
        },
      }),
    )['Isolation-S3LIFE'];
  test('passes access logs kept for the log retention', () => {
    expect(accessLogs(365)).toBeUndefined();
  });
  test.each([
    ['expire after 30 days', accessLogs(30)],
    [
      'are expired under a prefix after a day',
      accessLogs(365, [{ Id: 'Tidy', Status: 'Enabled', Prefix: 'Data/', ExpirationInDays: 1 }]),
    ],
  ])('fails when access logs %s', (_what, f) => {
    expect(f).toEqual([expect.stringContaining('less than 365')]);
  });
  test("compares with the project file's days when the checks know it", () => {
    const settings: ProjectSettings = {
      objectLock: { mode: 'COMPLIANCE', days: 2557 },
      trainingDataDays: 14,
      noncurrentVersionDays: 7,
      checkpointDays: 14,
      unreleasedModelDays: 30,
      jobLogDays: 30,
    };
    const f = findingsOf((s) => {
      AppModel.useProjectSettings(s, new Map([['legal', settings]]));
      dataPerimeter(s, { bucket: (p) => lifecycle(whole)({ ...p, Tags: projectTags('training-data') }) });
    });
    expect(f['Isolation-S3LIFE']).toEqual(['Data: objects expire after 30 days, the project file says 14']);
  });
});

describe('Isolation-S3REPL copies stay in protected buckets of the project', () => {
  const replicateTo =
    (destination: unknown, more: Props = {}) =>
    (p: Props) => ({
      ...p,
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::111122223333:role/r',
        Rules: [{ Status: 'Enabled', Destination: { Bucket: destination, ...more } }],
      },
    });
  test('passes replication to a data bucket of the same project that meets every bucket rule', () => {
    expect(withBucket(replicateTo(arn('Data')))['Isolation-S3REPL']).toBeUndefined();
  });
  test('fails when the destination is the access-log bucket', () => {
    const f = withBucket(replicateTo(arn('Logs')), (s) =>
      res(s, 'Logs', 'AWS::S3::Bucket', { Tags: projectTags('access-logs') }),
    );
    expect(f['Isolation-S3REPL']).toEqual(
      expect.arrayContaining([expect.stringContaining('a access-logs bucket')]),
    );
  });
  test('fails when the destination bucket of the project lacks the bucket controls, naming them', () => {
    const f = withBucket(replicateTo(arn('Copy')), (s) =>
      res(s, 'Copy', 'AWS::S3::Bucket', { Tags: projectTags('training-data') }),
    );
    expect(f['Isolation-S3REPL']).toEqual([
      expect.stringMatching(/Copy, which fails .*Isolation-S3ENC.*Isolation-S3VPCE/),
    ]);
  });
  test('fails when replicas are re-encrypted with a key outside the project', () => {
    const f = withBucket(
      replicateTo(arn('Data'), {
        EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:eu-west-1:999988887777:key/x' },
      }),
    );
    expect(f['Isolation-S3REPL']).toEqual([expect.stringContaining('not a project data key')]);
  });
});

describe('Isolation-S3EXPORT object lists and keys shipped elsewhere', () => {
  test('passes access logs into the project access-log bucket', () => {
    const f = withBucket(
      (p) => ({ ...p, LoggingConfiguration: { DestinationBucketName: ref('Logs') } }),
      (s) => res(s, 'Logs', 'AWS::S3::Bucket', { Tags: projectTags('access-logs') }),
    );
    expect(f['Isolation-S3EXPORT']).toBeUndefined();
  });
  test.each([
    [
      { InventoryConfigurations: [{ Id: 'i', Destination: { BucketArn: 'arn:aws:s3:::sink' } }] },
      'inventory',
    ],
    [
      { AnalyticsConfigurations: [{ Id: 'a', StorageClassAnalysis: { DataExport: { Destination: {} } } }] },
      'analytics',
    ],
    [
      {
        NotificationConfiguration: {
          QueueConfigurations: [
            { Event: 's3:ObjectCreated:*', Queue: 'arn:aws:sqs:eu-west-1:999988887777:q' },
          ],
        },
      },
      'SQS notifications',
    ],
    [
      { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } },
      'EventBridge',
    ],
    [{ MetadataConfiguration: { JournalTableConfiguration: {} } }, 'S3 Metadata'],
    [{ LoggingConfiguration: { DestinationBucketName: 'central-logs' } }, 'outside the app'],
  ])('fails on %j', (props, why) => {
    expect(withBucket((p) => ({ ...p, ...props }))['Isolation-S3EXPORT']).toEqual([
      expect.stringContaining(why),
    ]);
  });
});

describe('Isolation-S3EXPORT Storage Lens exports', () => {
  const lens = (destination: Props) =>
    findingsOf((s) => {
      res(s, 'Reports', 'AWS::S3::Bucket', {});
      res(s, 'Lens', 'AWS::S3::StorageLens', {
        StorageLensConfiguration: {
          Id: 'lens',
          IsEnabled: true,
          AccountLevel: { BucketLevel: { PrefixLevel: { StorageMetrics: { IsEnabled: true } } } },
          DataExport: { S3BucketDestination: { Format: 'CSV', OutputSchemaVersion: 'V_1', ...destination } },
        },
      });
    })['Isolation-S3EXPORT'];
  test('passes an export to a bucket of the app', () => {
    expect(lens({ AccountId: '111122223333', Arn: { 'Fn::GetAtt': ['Reports', 'Arn'] } })).toBeUndefined();
  });
  test("fails when the export goes to another account's bucket", () => {
    expect(lens({ AccountId: '999988887777', Arn: 'arn:aws:s3:::their-reports' })).toEqual([
      'Lens: Storage Lens exports bucket and prefix metrics to arn:aws:s3:::their-reports (account 999988887777)',
    ]);
  });
});

describe('Isolation-S3COPY no other reader of a data bucket', () => {
  test('passes the perimeter itself (policy, endpoint, trail)', () => {
    expect(withBucket((p) => p)['Isolation-S3COPY']).toBeUndefined();
  });
  test.each([
    ['AWS::DataSync::LocationS3', { S3BucketArn: arn('Data'), S3Config: { BucketAccessRoleArn: 'r' } }],
    ['AWS::S3::AccessPoint', { Bucket: ref('Data') }],
    [
      'AWS::Backup::BackupSelection',
      {
        BackupPlanId: 'p',
        BackupSelection: { SelectionName: 's', IamRoleArn: 'r', Resources: [arn('Data')] },
      },
    ],
    [
      'Custom::Anything',
      { ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:f', Bucket: ref('Data') },
    ],
  ])('fails on a %s', (type, props) => {
    expect(
      withBucket(
        (p) => p,
        (s) => res(s, 'Reader', type, props),
      )['Isolation-S3COPY'],
    ).toEqual([`Data: ${type} Reader reads or copies it`]);
  });
  const selecting = (selection: Props) =>
    withBucket(
      (p) => p,
      (s) =>
        res(s, 'Backup', 'AWS::Backup::BackupSelection', {
          BackupPlanId: 'p',
          BackupSelection: { SelectionName: 's', IamRoleArn: 'r', ...selection },
        }),
    )['Isolation-S3COPY'];
  test('passes a backup selection of other resources, by pattern or by a tag the bucket does not carry', () => {
    expect(selecting({ Resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/*'] })).toBeUndefined();
    expect(
      selecting({
        ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'true' }],
      }),
    ).toBeUndefined();
  });
  test.each([
    ['every resource', { Resources: ['*'] }],
    ['every bucket', { Resources: ['arn:aws:s3:::*'] }],
    [
      "the project's tag",
      {
        ListOfTags: [
          { ConditionType: 'STRINGEQUALS', ConditionKey: 'isotrain:project', ConditionValue: 'legal' },
        ],
      },
    ],
  ])('fails on a backup selection of %s', (_what, selection) => {
    expect(selecting(selection)).toEqual([
      'Data: AWS::Backup::BackupSelection Backup selects it for backup by pattern or tag',
    ]);
  });
});

describe('Isolation-AUDIT1 the audit bucket locks every record', () => {
  const audit = (lock: Props | undefined, extra: (s: Stack) => void = () => undefined) =>
    findingsOf((s) => {
      res(s, 'Audit', 'AWS::S3::Bucket', {
        ...(lock
          ? {
              ObjectLockEnabled: true,
              ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: lock } },
            }
          : {}),
        Tags: projectTags('audit'),
      });
      extra(s);
    })['Isolation-AUDIT1'];
  test('passes COMPLIANCE mode for seven years', () => {
    expect(audit({ Mode: 'COMPLIANCE', Days: 2557 })).toBeUndefined();
  });
  test('passes GOVERNANCE mode when the bucket policy denies the bypass to everyone', () => {
    const f = audit({ Mode: 'GOVERNANCE', Years: 7 }, (s) =>
      res(s, 'Policy', 'AWS::S3::BucketPolicy', {
        Bucket: ref('Audit'),
        PolicyDocument: {
          Statement: [
            { Effect: 'Deny', Principal: '*', Action: 's3:BypassGovernanceRetention', Resource: '*' },
          ],
        },
      }),
    );
    expect(f).toBeUndefined();
  });
  test.each([
    [undefined, 'Object Lock is not enabled'],
    [{ Mode: 'COMPLIANCE', Days: 30 }, 'less than 365'],
    [{ Mode: 'GOVERNANCE', Days: 2557 }, 'administrators can delete records'],
  ])('fails with %j', (lock, why) => {
    expect(audit(lock)).toEqual([expect.stringContaining(why)]);
  });
  test("wants the project file's mode and days exactly when the checks know them", () => {
    const f = findingsOf((s) => {
      AppModel.useProjectSettings(
        s,
        new Map([['legal', { objectLock: { mode: 'GOVERNANCE', days: 3000 } } as ProjectSettings]]),
      );
      res(s, 'Audit', 'AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
        },
        Tags: projectTags('audit'),
      });
    });
    expect(f['Isolation-AUDIT1']).toEqual([
      'Audit: retention mode COMPLIANCE, the project file says GOVERNANCE',
      'Audit: retention 2557 days, the project file says 3000',
    ]);
  });
  const auditExpiring = (rule: Props) =>
    findingsOf((s) =>
      res(s, 'Audit', 'AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
        },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'All', Status: 'Enabled', ExpirationInDays: 2557 },
            { Status: 'Enabled', ...rule },
          ],
        },
        Tags: projectTags('audit'),
      }),
    )['Isolation-AUDIT1'];
  test('passes a prefix rule that only moves records to another storage class', () => {
    expect(
      auditExpiring({
        Prefix: 'cloudtrail/',
        Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
      }),
    ).toBeUndefined();
  });
  test.each([
    [
      { Id: 'Tidy', Prefix: 'cloudtrail/', ExpirationInDays: 1 },
      'records rule Tidy matches expire after 1 days',
    ],
    [
      { Id: 'Tagged', TagFilters: [{ Key: 'k', Value: 'v' }], ExpirationInDays: 30 },
      'before their 2557-day lock',
    ],
    [{ Id: 'Dated', ExpirationDate: '2027-01-01T00:00:00Z' }, 'on a fixed date'],
    [{ Id: 'Open', ExpirationInDays: { Ref: 'Days' } }, 'a number of days the template leaves open'],
  ])('fails when a filtered lifecycle rule expires records early: %j', (rule, why) => {
    expect(auditExpiring(rule)).toEqual([expect.stringContaining(why)]);
  });
  test('treats the bucket a trail delivers to as an audit bucket, whatever its tag', () => {
    const f = findingsOf((s) => {
      res(s, 'Logs', 'AWS::S3::Bucket', { Tags: projectTags('access-logs') });
      res(s, 'Trail', 'AWS::CloudTrail::Trail', { IsLogging: true, S3BucketName: ref('Logs') });
    });
    expect(f['Isolation-AUDIT1']).toEqual(['Logs: Object Lock is not enabled']);
  });
});
