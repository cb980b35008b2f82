import { Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TRAIL_PREFIX, servingNamePrefix } from '../../lib/contract';
import { EncryptedLogGroup } from '../encrypted-log-group';
import { ServiceRole } from '../service-role';

export interface InvocationTrailProps {
  readonly projectName: string;
  /** The project's audit bucket: its policy already lets CloudTrail of this account deliver under `cloudtrail/`. */
  readonly bucket: s3.IBucket;
  /** Encrypts the trail's files and its log group: the project's logs key. */
  readonly encryptionKey: kms.IKey;
  /** Days the invocation events are kept in CloudWatch Logs (`retention.logDays`). */
  readonly logRetentionDays: number;
}

/**
 * A trail of data events only: every invocation of the project's endpoints (`endpoint/<project>--*`),
 * who called, when, from where. Basic event selectors (the project trail's) cannot name SageMaker
 * endpoints, and one trail cannot mix basic and advanced selectors, so it is a second trail; it
 * records no management events (the project trail does) and costs only its data events.
 */
export class InvocationTrail extends Construct {
  public readonly trail: cloudtrail.CfnTrail;
  public readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: InvocationTrailProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    this.logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      encryptionKey: props.encryptionKey,
      retentionDays: props.logRetentionDays,
    });
    const delivery = new ServiceRole(this, 'LogsRole', {
      service: 'cloudtrail.amazonaws.com',
      description: 'CloudTrail: deliver endpoint invocations to their log group',
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroup.logGroupArn],
        }),
      ],
    });
    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      isLogging: true,
      s3BucketName: props.bucket.bucketName,
      s3KeyPrefix: TRAIL_PREFIX,
      kmsKeyId: props.encryptionKey.keyArn,
      enableLogFileValidation: true,
      includeGlobalServiceEvents: false,
      isMultiRegionTrail: false,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: delivery.role.roleArn,
      advancedEventSelectors: [
        {
          name: `Invocations of the ${props.projectName} endpoints`,
          fieldSelectors: [
            { field: 'eventCategory', equalTo: ['Data'] },
            { field: 'resources.type', equalTo: ['AWS::SageMaker::Endpoint'] },
            {
              field: 'resources.ARN',
              startsWith: [
                `arn:${partition}:sagemaker:${region}:${account}:endpoint/${servingNamePrefix(props.projectName)}`,
              ],
            },
          ],
        },
      ],
    });
    this.trail.node.addDependency(delivery.policy);
  }
}
