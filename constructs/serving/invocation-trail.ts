import { Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TRAIL_PREFIX, servingNamePrefix } from '../../lib/contract';

export interface InvocationTrailProps {
  readonly projectName: string;
  /** The project's audit bucket: its policy already lets CloudTrail of this account deliver under `cloudtrail/`. */
  readonly bucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  /** The project trail's log group and its delivery role: invocations land beside the other events. */
  readonly logGroup: logs.ILogGroup;
  readonly logsRole: iam.IRole;
}

/**
 * A trail of data events only: every invocation of the project's endpoints (`endpoint/<project>--*`),
 * who called, when, from where. Basic event selectors (the project trail's) cannot name SageMaker
 * endpoints, and one trail cannot mix basic and advanced selectors, so it is a second trail; it
 * records no management events (the project trail does) and costs only its data events.
 */
export class InvocationTrail extends Construct {
  public readonly trail: cloudtrail.CfnTrail;

  constructor(scope: Construct, id: string, props: InvocationTrailProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      isLogging: true,
      s3BucketName: props.bucket.bucketName,
      s3KeyPrefix: TRAIL_PREFIX,
      kmsKeyId: props.encryptionKey.keyArn,
      enableLogFileValidation: true,
      includeGlobalServiceEvents: false,
      isMultiRegionTrail: false,
      cloudWatchLogsLogGroupArn: props.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: props.logsRole.roleArn,
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
  }
}
