/**
 * Mutants of issue 9 (coverage): copies of the data — replication, exports of object lists and keys,
 * other services handed a data bucket. Each is one single change to the shared project; see harness.ts.
 */
import { Json, Mutant, Templates, add, bucket, mutationSuite } from './harness';

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const replicateTo = (t: Templates, destination: Json) =>
  (bucket(t, 'training-data').r.Properties.ReplicationConfiguration = {
    Role: 'arn:aws:iam::111122223333:role/replication',
    Rules: [{ Id: 'Copy', Status: 'Enabled', Destination: { Bucket: destination } }],
  });

export const MUTANTS: Mutant[] = [
  {
    name: 'replication to the access-log bucket',
    rule: 'Isolation-S3REPL',
    mutate: (t) => replicateTo(t, arnOf(bucket(t, 'access-logs').id)),
  },
  {
    name: 'replication to a new, unprotected data bucket of the same project',
    rule: 'Isolation-S3REPL',
    mutate: (t) => {
      const source = bucket(t, 'training-data');
      add(t, source.file, 'Copy', {
        Type: 'AWS::S3::Bucket',
        Properties: { VersioningConfiguration: { Status: 'Enabled' }, Tags: source.r.Properties.Tags },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      replicateTo(t, arnOf('Copy'));
    },
  },
  {
    name: 'replicas re-encrypted with a key outside the project',
    rule: 'Isolation-S3REPL',
    mutate: (t) => {
      replicateTo(t, arnOf(bucket(t, 'artifacts').id));
      const rule = bucket(t, 'training-data').r.Properties.ReplicationConfiguration.Rules[0];
      rule.SourceSelectionCriteria = { SseKmsEncryptedObjects: { Status: 'Enabled' } };
      rule.Destination.EncryptionConfiguration = {
        ReplicaKmsKeyID: 'arn:aws:kms:eu-west-1:999988887777:key/0f1e2d3c-0000-4000-8000-000000000000',
      };
    },
  },
  {
    name: 'an inventory of every key shipped to another bucket',
    rule: 'Isolation-S3EXPORT',
    mutate: (t) =>
      (bucket(t, 'training-data').r.Properties.InventoryConfigurations = [
        {
          Id: 'All',
          Enabled: true,
          IncludedObjectVersions: 'All',
          ScheduleFrequency: 'Daily',
          Destination: { BucketArn: 'arn:aws:s3:::inventory-sink', Format: 'CSV' },
        },
      ]),
  },
  {
    name: 'object events sent to EventBridge',
    rule: 'Isolation-S3EXPORT',
    mutate: (t) =>
      (bucket(t, 'artifacts').r.Properties.NotificationConfiguration = {
        EventBridgeConfiguration: { EventBridgeEnabled: true },
      }),
  },
  {
    name: 'server access logs delivered outside the project',
    rule: 'Isolation-S3EXPORT',
    mutate: (t) =>
      (bucket(t, 'training-data').r.Properties.LoggingConfiguration = {
        DestinationBucketName: 'central-logs-999988887777',
        LogFilePrefix: 'legal/',
      }),
  },
  {
    name: 'an AWS Backup selection of the training data',
    rule: 'Isolation-S3COPY',
    mutate: (t) => {
      const b = bucket(t, 'training-data');
      add(t, b.file, 'Backup', {
        Type: 'AWS::Backup::BackupSelection',
        Properties: {
          BackupPlanId: 'plan-0123',
          BackupSelection: {
            SelectionName: 'data',
            IamRoleArn: 'arn:aws:iam::111122223333:role/backup',
            Resources: [arnOf(b.id)],
          },
        },
      });
    },
  },
  {
    name: 'an S3 access point on the artifact bucket',
    rule: 'Isolation-S3COPY',
    mutate: (t) => {
      const b = bucket(t, 'artifacts');
      add(t, b.file, 'Ap', { Type: 'AWS::S3::AccessPoint', Properties: { Bucket: { Ref: b.id } } });
    },
  },
  // ---- second hunt (data half) ----
  {
    name: 'a backup selection of every S3 bucket (no reference to the data bucket)',
    rule: 'Isolation-S3COPY',
    mutate: (t) =>
      add(t, bucket(t, 'training-data').file, 'BackupAll', {
        Type: 'AWS::Backup::BackupSelection',
        Properties: {
          BackupPlanId: 'plan-0123',
          BackupSelection: {
            SelectionName: 'everything',
            IamRoleArn: 'arn:aws:iam::111122223333:role/backup',
            Resources: ['arn:aws:s3:::*'],
          },
        },
      }),
  },
  {
    name: "a backup selection by the project's tag",
    rule: 'Isolation-S3COPY',
    mutate: (t) =>
      add(t, bucket(t, 'training-data').file, 'BackupTagged', {
        Type: 'AWS::Backup::BackupSelection',
        Properties: {
          BackupPlanId: 'plan-0123',
          BackupSelection: {
            SelectionName: 'project',
            IamRoleArn: 'arn:aws:iam::111122223333:role/backup',
            ListOfTags: [
              { ConditionType: 'STRINGEQUALS', ConditionKey: 'isotrain:project', ConditionValue: 'legal' },
            ],
          },
        },
      }),
  },
  {
    name: "a Storage Lens configuration exporting prefix metrics of every bucket to another account's bucket",
    rule: 'Isolation-S3EXPORT',
    mutate: (t) =>
      add(t, bucket(t, 'training-data').file, 'Lens', {
        Type: 'AWS::S3::StorageLens',
        Properties: {
          StorageLensConfiguration: {
            Id: 'lens',
            IsEnabled: true,
            AccountLevel: { BucketLevel: { PrefixLevel: { StorageMetrics: { IsEnabled: true } } } },
            DataExport: {
              S3BucketDestination: {
                AccountId: '999988887777',
                Arn: 'arn:aws:s3:::their-reports',
                Format: 'CSV',
                OutputSchemaVersion: 'V_1',
              },
            },
          },
        },
      }),
  },
];

mutationSuite(MUTANTS);
