import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../lib/compliance';
import { RUNS_PREFIX } from '../lib/governance/record';
import { runRecordStatements } from './release-gate';

export interface RunGovernancePolicyProps {
  readonly projectName: string;
  readonly dataBucket: s3.IBucket;
  readonly artifactsBucket: s3.IBucket;
  readonly auditBucket: s3.IBucket;
  readonly auditKey: kms.IKey;
  /** Key prefix of checkpoints in the artifact bucket (the only artifacts a wipe touches). */
  readonly checkpointPrefix: string;
}

/**
 * What `isotrain train`, `finalize`, `runs`, `show` and `verify` need beyond the launcher's job
 * permissions: list object versions for the dataset manifest (no object reads: the perimeter refuses
 * those from outside), append run records, and wipe — delete or tag every version of input objects
 * and checkpoints. Attach it next to the launcher policy to whoever runs training.
 */
export class RunGovernancePolicy extends Construct {
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: RunGovernancePolicyProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const { dataBucket: data, artifactsBucket: artifacts } = props;
    const checkpoints = artifacts.arnForObjects(`${props.checkpointPrefix}*`);
    const sagemaker = (type: string) =>
      `arn:${partition}:sagemaker:${region}:${account}:${type}/${props.projectName}-*`;
    const parameters = `arn:${partition}:ssm:${region}:${account}:parameter/isotrain/${props.projectName}/*`;
    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      description: `isotrain ${props.projectName}: run records, dataset manifests and wipes after training`,
      statements: [
        new iam.PolicyStatement({
          sid: 'ListInputAndCheckpointVersions',
          actions: ['s3:ListBucket', 's3:ListBucketVersions'],
          resources: [data.bucketArn, artifacts.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'WipeInputsAndCheckpoints',
          actions: [
            's3:DeleteObject',
            's3:DeleteObjectVersion',
            's3:GetObjectTagging',
            's3:GetObjectVersionTagging',
            's3:PutObjectTagging',
            's3:PutObjectVersionTagging',
          ],
          resources: [data.arnForObjects('*'), checkpoints],
        }),
        ...runRecordStatements(props.auditBucket, props.auditKey, {
          StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
        }),
        new iam.PolicyStatement({
          sid: 'FollowProjectJobs',
          actions: ['sagemaker:DescribeTrainingJob', 'sagemaker:DescribeProcessingJob'],
          resources: [sagemaker('training-job'), sagemaker('processing-job')],
        }),
        new iam.PolicyStatement({
          sid: 'ReadProjectOutputs',
          actions: ['ssm:GetParameters'],
          resources: [parameters],
        }),
      ],
    });
    const ack = (resource: string, reason: string) =>
      acknowledgeWildcardResource(this.policy, resource, reason);
    ack(
      data.arnForObjects('*'),
      "Any training-data object may be a run's input; delete and tag only, never read.",
    );
    ack(
      checkpoints,
      'Checkpoints of any run of this project (one prefix per run); delete and tag only, never read.',
    );
    ack(
      props.auditBucket.arnForObjects(`${RUNS_PREFIX}*`),
      'Run records of this project, one key per run; Object Lock keeps every version.',
    );
    ack(sagemaker('training-job'), "Describe only, on this project's training jobs (named <project>-...).");
    ack(
      sagemaker('processing-job'),
      "Describe only, on this project's evaluation jobs (named <project>-...).",
    );
    ack(parameters, "Read only, this project's published outputs.");
  }
}
