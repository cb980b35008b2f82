import { Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './encrypted-log-group';
import { ServiceRole } from './service-role';
import { TRAIL_PREFIX } from '../lib/contract';

export interface AuditTrailProps {
  /** Where log files are delivered (the project's Object Lock audit bucket). */
  readonly bucket: s3.Bucket;
  readonly encryptionKey: kms.IKey;
  /** Buckets whose every object read and write is recorded as a data event. */
  readonly dataEventBuckets: s3.IBucket[];
  /**
   * Object ARN prefixes (`<bucketArn>/runs/`) whose writes are recorded as data events: who wrote
   * which version of a run record, the ground truth a record is verified against.
   * @default - none
   */
  readonly writeEventPrefixes?: string[];
  readonly logRetentionDays: number;
}

/**
 * A CloudTrail trail that records the account's management events in every region (global services
 * included) and every S3 object read and write on its data and artifact buckets, with log-file
 * validation (tamper evidence), KMS encryption and a copy in an encrypted CloudWatch log group for
 * alerting. Written at L1 so the bucket policy
 * can carry a confused-deputy condition and the delivery role a managed policy.
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.CfnTrail;
  public readonly logGroup: EncryptedLogGroup;
  /** The role CloudTrail delivers to the log group with; another trail of the project may use it. */
  public readonly logsRole: iam.IRole;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    const bucket = props.bucket;
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const onlyThisAccount = { StringEquals: { 'aws:SourceAccount': account } };
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailChecksBucketAcl',
        principals: [cloudTrail],
        actions: ['s3:GetBucketAcl'],
        resources: [bucket.bucketArn],
        conditions: onlyThisAccount,
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDeliversLogFiles',
        principals: [cloudTrail],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${TRAIL_PREFIX}/AWSLogs/${account}/*`)],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      }),
    );

    this.logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      encryptionKey: props.encryptionKey,
      retentionDays: props.logRetentionDays,
    });
    const delivery = new ServiceRole(this, 'LogsRole', {
      service: 'cloudtrail.amazonaws.com',
      description: 'CloudTrail: deliver events to the project trail log group',
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroup.logGroupArn],
        }),
      ],
    });

    this.logsRole = delivery.role;
    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      isLogging: true,
      s3BucketName: bucket.bucketName,
      s3KeyPrefix: TRAIL_PREFIX,
      kmsKeyId: props.encryptionKey.keyArn,
      enableLogFileValidation: true,
      // Since November 2021 IAM, STS (global endpoint) and CloudFront calls are recorded in us-east-1
      // only: a single-region trail elsewhere misses who changed a role or assumed it, and every
      // call the project account makes in another region. One multi-region trail records them all.
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: delivery.role.roleArn,
      eventSelectors: [
        {
          readWriteType: 'All',
          includeManagementEvents: true,
          dataResources: [
            { type: 'AWS::S3::Object', values: props.dataEventBuckets.map((b) => `${b.bucketArn}/`) },
          ],
        },
        ...((props.writeEventPrefixes ?? []).length > 0
          ? [
              {
                readWriteType: 'WriteOnly',
                includeManagementEvents: false,
                dataResources: [{ type: 'AWS::S3::Object', values: props.writeEventPrefixes }],
              },
            ]
          : []),
      ],
    });
    // CloudTrail checks bucket access and role permissions when the trail is created.
    if (bucket.policy) this.trail.node.addDependency(bucket.policy);
    this.trail.node.addDependency(delivery.policy);
  }
}
