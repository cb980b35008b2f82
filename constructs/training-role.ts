import { Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import {
  PURPOSE_TAG,
  PURPOSES,
  SAGEMAKER_PROCESSING_LOG_GROUP,
  SAGEMAKER_TRAINING_LOG_GROUP,
  JOB_LOG_DENIED_ACTIONS,
  LOGS_ACCOUNT_POLICY_ACTIONS,
  jobLogGroupArns,
  jobNamePrefix,
  jobOutputPrefixes,
  OBJECT_DATA_READ_ACTIONS,
} from '../lib/contract';

export interface TrainingRoleProps {
  /**
   * Project name; jobs are named `<project>--...`, which scopes their log streams and the artifact
   * prefixes they write (`models/<project>--`, `checkpoints/<project>--`, `evaluations/<project>--`).
   */
  readonly projectName: string;
  readonly dataBucket: s3.IBucket;
  readonly artifactsBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
  readonly artifactsKey: kms.IKey;
  /** ECR repositories training images may be pulled from (ARNs). */
  readonly ecrRepositoryArns: string[];
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  readonly securityGroup: ec2.ISecurityGroup;
  /**
   * Data-bucket prefixes this role may never read, whatever else allows it (an explicit Deny): with
   * training.requireRedaction, the raw uploads (datasets/).
   * @default - none
   */
  readonly deniedDataPrefixes?: readonly string[];
  /**
   * Data-bucket prefixes this role writes: a redaction job's role writes redacted/.
   * @default - none: jobs read training data, they never write it
   */
  readonly dataWritePrefixes?: readonly string[];
  /** @default 'SageMaker training execution role' */
  readonly description?: string;
  /**
   * Reads and writes its own jobs' outputs in the artifact bucket, with the artifacts key. A redaction
   * job's role touches the data bucket only.
   * @default true
   */
  readonly artifactsAccess?: boolean;
}

/**
 * The SageMaker execution role for the project's training and evaluation jobs. Trusted by SageMaker
 * in this account only; allowed exactly: read training data, read and write its own jobs' outputs
 * (nothing else of the artifact bucket), use the two project keys, write its own jobs' logs, pull
 * from the configured repositories, and manage the network interfaces a VPC job needs in the
 * project's subnets.
 */
export class TrainingRole extends Construct {
  public readonly role: iam.Role;
  /** The role's permissions, one customer-managed policy. */
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: TrainingRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { account, region, partition } = stack;
    this.role = new iam.Role(this, 'Resource', {
      description: `isotrain ${props.projectName}: ${props.description ?? 'SageMaker training execution role'}`,
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': account },
      }),
    });
    Tags.of(this.role).add(PURPOSE_TAG, PURPOSES.trainingRole);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `isotrain ${props.projectName}: what a training job may do`,
      roles: [this.role],
    });
    const allow = (
      sid: string,
      actions: string[],
      resources: string[],
      conditions?: Record<string, unknown>,
    ) => this.policy.addStatements(new iam.PolicyStatement({ sid, actions, resources, conditions }));

    allow('ListTrainingData', ['s3:ListBucket'], [props.dataBucket.bucketArn]);
    allow('ReadTrainingData', ['s3:GetObject', 's3:GetObjectVersion'], [props.dataBucket.arnForObjects('*')]);
    if (props.dataWritePrefixes?.length)
      allow(
        'WriteDataPrefixes',
        ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        props.dataWritePrefixes.map((p) => props.dataBucket.arnForObjects(`${p}*`)),
      );
    if (props.deniedDataPrefixes?.length)
      this.policy.addStatements(
        new iam.PolicyStatement({
          sid: 'DenyRawUploads',
          effect: iam.Effect.DENY,
          actions: [...OBJECT_DATA_READ_ACTIONS],
          resources: props.deniedDataPrefixes.map((p) => props.dataBucket.arnForObjects(`${p}*`)),
        }),
      );
    const artifacts = props.artifactsAccess ?? true;
    const outputs = artifacts
      ? jobOutputPrefixes(props.projectName).map((p) => props.artifactsBucket.arnForObjects(`${p}*`))
      : [];
    if (artifacts) {
      allow('ListArtifacts', ['s3:ListBucket'], [props.artifactsBucket.bucketArn]);
      allow(
        'ReadWriteOwnJobOutputs',
        ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        outputs,
      );
    }
    allow('UseDataKey', ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'], [props.dataKey.keyArn]);
    if (artifacts)
      allow(
        'UseArtifactsKey',
        ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
        [props.artifactsKey.keyArn],
      );
    allow(
      'GrantKeysToSageMakerVolumes',
      ['kms:CreateGrant'],
      artifacts ? [props.dataKey.keyArn, props.artifactsKey.keyArn] : [props.dataKey.keyArn],
      {
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    );
    const logGroupArns = [SAGEMAKER_TRAINING_LOG_GROUP, SAGEMAKER_PROCESSING_LOG_GROUP].map(
      (group) => `arn:${partition}:logs:${region}:${account}:log-group:${group}`,
    );
    allow(
      'WriteOwnJobLogs',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      logGroupArns.map((arn) => `${arn}:log-stream:${jobNamePrefix(props.projectName)}*`),
    );
    // Jobs write their logs; nothing running as this role reads, exports or unmasks them.
    this.policy.addStatements(
      new iam.PolicyStatement({
        sid: 'DenyJobLogsAccess',
        effect: iam.Effect.DENY,
        actions: [...JOB_LOG_DENIED_ACTIONS],
        resources: jobLogGroupArns(stack),
      }),
      new iam.PolicyStatement({
        sid: 'DenyAccountLogPolicies',
        effect: iam.Effect.DENY,
        actions: [...LOGS_ACCOUNT_POLICY_ACTIONS],
        resources: ['*'],
      }),
    );
    allow(
      'DescribeJobLogStreams',
      ['logs:DescribeLogStreams'],
      logGroupArns.map((arn) => `${arn}:*`),
    );
    allow(
      'PullTrainingImages',
      ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      props.ecrRepositoryArns,
    );
    allow('AuthenticateToEcr', ['ecr:GetAuthorizationToken'], ['*']);
    allow(
      'DescribeNetworkForVpcJobs',
      [
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeVpcs',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
      ],
      ['*'],
    );
    const eniArn = `arn:${partition}:ec2:${region}:${account}:network-interface/*`;
    this.acknowledgeWildcards(props, logGroupArns, eniArn, outputs);
    allow(
      'CreateJobNetworkInterfaces',
      ['ec2:CreateNetworkInterface'],
      [
        eniArn,
        ...props.subnets.map((s) => `arn:${partition}:ec2:${region}:${account}:subnet/${s.subnetId}`),
        `arn:${partition}:ec2:${region}:${account}:security-group/${props.securityGroup.securityGroupId}`,
      ],
    );
    allow(
      'ManageJobNetworkInterfaces',
      [
        'ec2:CreateNetworkInterfacePermission',
        'ec2:DeleteNetworkInterface',
        'ec2:DeleteNetworkInterfacePermission',
      ],
      [eniArn],
      { ArnEquals: { 'ec2:Vpc': `arn:${partition}:ec2:${region}:${account}:vpc/${props.vpc.vpcId}` } },
    );
  }

  private acknowledgeWildcards(
    props: TrainingRoleProps,
    logGroupArns: string[],
    eniArn: string,
    outputs: string[],
  ): void {
    const ack = (resource: string, reason: string) =>
      acknowledgeWildcardResource(this.policy, resource, reason);
    ack(
      props.dataBucket.arnForObjects('*'),
      "Objects of this project's training-data bucket only; which objects a job reads is fixed per job by its input channels.",
    );
    for (const p of props.dataWritePrefixes ?? [])
      ack(
        props.dataBucket.arnForObjects(`${p}*`),
        `Redacted datasets (${p}) only: each redaction job writes under a prefix named by its job, chosen at launch.`,
      );
    for (const arn of outputs) {
      ack(
        arn,
        `Outputs of this project's jobs only (models/, checkpoints/, evaluations/ under ${jobNamePrefix(props.projectName)}...): job names are chosen at launch.`,
      );
    }
    for (const logGroupArn of logGroupArns) {
      ack(
        `${logGroupArn}:log-stream:${jobNamePrefix(props.projectName)}*`,
        "Log streams are named after the job, and this project's jobs are named <project>--...: only its own jobs' streams.",
      );
      ack(
        `${logGroupArn}:*`,
        'logs:DescribeLogStreams acts on the log group; AWS writes its ARN with a trailing :*.',
      );
    }
    ack(
      eniArn,
      'Network interface IDs of a job are unknown before it starts; creation is limited to the project subnets and security group, changes to the project VPC (ec2:Vpc).',
    );
    ack(
      '*',
      'ecr:GetAuthorizationToken and the ec2:Describe* calls SageMaker makes for VPC jobs support no resource-level permissions.',
    );
  }
}
