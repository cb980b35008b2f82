import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import { RUNS_PREFIX, jobNamePrefix } from '../lib/contract';
import { projectFenceStatements } from './project-fence';
import { runRecordStatements } from './release-gate';

export interface RunGovernancePolicyProps {
  readonly projectName: string;
  readonly dataBucket: s3.IBucket;
  readonly artifactsBucket: s3.IBucket;
  readonly auditBucket: s3.IBucket;
  readonly auditKey: kms.IKey;
  readonly dataKey: kms.IKey;
  readonly artifactsKey: kms.IKey;
  /**
   * Roles a holder must never become: release, deployment, uploader, publisher (separation of
   * duties; holders launch and finalize runs).
   */
  readonly separateRoles: iam.IRole[];
}

/**
 * What `isotrain train`, `finalize`, `runs`, `show` and `verify` need beyond the launcher's job
 * permissions: list object versions for the dataset manifest (no object reads: the perimeter refuses
 * those from outside), append run records, and wipe — delete or tag every version of a run's input
 * objects and checkpoints, in either project bucket, and tag model artifacts unreleased. Attach it
 * next to the launcher policies to whoever runs training. It carries the same fence as the launcher:
 * no data reads or decryption, no job-log access, no becoming the release, deployment, uploader or
 * publisher role.
 */
export class RunGovernancePolicy extends Construct {
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: RunGovernancePolicyProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const { dataBucket: data, artifactsBucket: artifacts } = props;
    const sagemaker = (type: string) =>
      `arn:${partition}:sagemaker:${region}:${account}:${type}/${jobNamePrefix(props.projectName)}*`;
    const parameters = `arn:${partition}:ssm:${region}:${account}:parameter/isotrain/${props.projectName}`;
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
          resources: [data.arnForObjects('*'), artifacts.arnForObjects('*')],
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
          actions: ['ssm:GetParametersByPath'],
          resources: [parameters],
        }),
      ],
    });
    this.policy.addStatements(
      ...projectFenceStatements(this, {
        dataBucket: data,
        artifactsBucket: artifacts,
        dataKey: props.dataKey,
        artifactsKey: props.artifactsKey,
        separateRoles: props.separateRoles,
      }),
    );
    const ack = (resource: string, reason: string) =>
      acknowledgeWildcardResource(this.policy, resource, reason);
    ack(
      data.arnForObjects('*'),
      "Any training-data object may be a run's input, and every input is wiped after the run; delete and tag only, never read.",
    );
    ack(
      artifacts.arnForObjects('*'),
      "A run's checkpoints are wiped after the run and its model artifacts tagged unreleased; delete and tag only, never read. Model artifacts cannot be deleted and released models' tags stay protected (bucket policy).",
    );
    ack(
      props.auditBucket.arnForObjects(`${RUNS_PREFIX}*`),
      'Run records of this project, one key per run; Object Lock keeps every version, so appending cannot rewrite history.',
    );
    const prefix = jobNamePrefix(props.projectName);
    ack(sagemaker('training-job'), `Describe only, on this project's training jobs (named ${prefix}...).`);
    ack(
      sagemaker('processing-job'),
      `Describe only, on this project's evaluation jobs (named ${prefix}...).`,
    );
  }
}
