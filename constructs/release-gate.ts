import { Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import {
  EVALUATIONS_PREFIX,
  PURPOSE_TAG,
  PURPOSES,
  RELEASE_TAG,
  RESULTS_FILE,
  RUNS_PREFIX,
} from '../lib/contract';

export interface ReleaseGateProps {
  readonly projectName: string;
  /** Where models and evaluation results are written. */
  readonly artifactsBucket: s3.IBucket;
  readonly artifactsKey: kms.IKey;
  /** Where run records live; the release role appends its decision there. */
  readonly auditBucket: s3.IBucket;
  readonly auditKey: kms.IKey;
  /**
   * Who may assume the release role.
   * @default - principals of this account whose own policies allow sts:AssumeRole on it
   */
  readonly releaseAssumedBy?: iam.IPrincipal;
  /**
   * Who may assume the deployment role (e.g. a deployment pipeline, or SageMaker hosting).
   * @default - principals of this account whose own policies allow sts:AssumeRole on it
   */
  readonly deploymentAssumedBy?: iam.IPrincipal;
}

/** Object ARNs of model artifacts (SageMaker writes `<output path>/<job>/output/model.tar.gz`): all that may be released. */
export function modelArtifactsArn(bucket: s3.IBucket): string {
  return bucket.arnForObjects('*/output/model.tar.gz');
}

/** Object ARNs of evaluation results: the only unreleased objects the release role may read from outside. */
export function evaluationResultsArn(bucket: s3.IBucket): string {
  return bucket.arnForObjects(`${EVALUATIONS_PREFIX}*/${RESULTS_FILE}`);
}

const TAG_WRITES = ['s3:PutObjectTagging', 's3:PutObjectVersionTagging'];
const TAG_CHANGES = [...TAG_WRITES, 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging'];

/**
 * The privacy gate's two roles and the bucket-policy rule that only one of them may release.
 * - The release role (`isotrain release`) reads evaluation results, tags a model version
 *   `isotrain:release=approved` and appends its decision to the run record. It writes no object.
 * - The deployment role may read a released model version, and nothing else, from outside the
 *   project network (the perimeter's exception, see S3DataPerimeter `releaseGate`).
 * On the artifact bucket, no principal but the release role may set the release tag (on upload or
 * by tagging) or change the tags of an object that carries it.
 */
export class ReleaseGate extends Construct {
  public readonly releaseRole: iam.Role;
  public readonly releasePolicy: iam.ManagedPolicy;
  public readonly deploymentRole: iam.Role;
  public readonly deploymentPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ReleaseGateProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const { artifactsBucket: artifacts, auditBucket: audit, projectName } = props;
    const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } };

    this.releaseRole = new iam.Role(this, 'ReleaseRole', {
      description: `isotrain ${projectName}: privacy gate; the only principal that may release a model`,
      assumedBy: props.releaseAssumedBy ?? new iam.AccountRootPrincipal(),
    });
    Tags.of(this.releaseRole).add(PURPOSE_TAG, PURPOSES.releaseRole);
    this.releasePolicy = new iam.ManagedPolicy(this, 'ReleasePolicy', {
      description: `isotrain ${projectName}: read evaluation results, tag released models, record decisions`,
      roles: [this.releaseRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'ListArtifactVersions',
          actions: ['s3:ListBucket', 's3:ListBucketVersions'],
          resources: [artifacts.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadEvaluationResults',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [evaluationResultsArn(artifacts)],
        }),
        new iam.PolicyStatement({
          sid: 'TagReleasedModels',
          actions: ['s3:GetObjectTagging', 's3:GetObjectVersionTagging', ...TAG_WRITES],
          resources: [modelArtifactsArn(artifacts)],
        }),
        new iam.PolicyStatement({
          sid: 'DecryptEvaluationResults',
          actions: ['kms:Decrypt'],
          resources: [props.artifactsKey.keyArn],
          conditions: viaS3,
        }),
        ...runRecordStatements(audit, props.auditKey, viaS3),
        new iam.PolicyStatement({
          sid: 'FollowEvaluationJobs',
          actions: ['sagemaker:DescribeProcessingJob'],
          resources: [`arn:${partition}:sagemaker:${region}:${account}:processing-job/${projectName}-*`],
        }),
        new iam.PolicyStatement({
          sid: 'ReadProjectOutputs',
          actions: ['ssm:GetParametersByPath'],
          resources: [`arn:${partition}:ssm:${region}:${account}:parameter/isotrain/${projectName}`],
        }),
      ],
    });

    this.deploymentRole = new iam.Role(this, 'DeploymentRole', {
      description: `isotrain ${projectName}: reads released model versions, and only those`,
      assumedBy: props.deploymentAssumedBy ?? new iam.AccountRootPrincipal(),
    });
    Tags.of(this.deploymentRole).add(PURPOSE_TAG, PURPOSES.deploymentRole);
    this.deploymentPolicy = new iam.ManagedPolicy(this, 'DeploymentPolicy', {
      description: `isotrain ${projectName}: read released model versions`,
      roles: [this.deploymentRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadReleasedModels',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [artifacts.arnForObjects('*')],
          conditions: { StringEquals: { [`s3:ExistingObjectTag/${RELEASE_TAG.key}`]: RELEASE_TAG.value } },
        }),
        new iam.PolicyStatement({
          sid: 'DecryptReleasedModels',
          actions: ['kms:Decrypt'],
          resources: [props.artifactsKey.keyArn],
          conditions: viaS3,
        }),
      ],
    });

    this.protectReleaseTag(artifacts);
    this.acknowledgeWildcards(props);
  }

  /**
   * Bucket-policy denies: only the release role sets the release tag, only on model artifacts, and
   * only it touches the tags of an object that carries the release tag.
   */
  private protectReleaseTag(bucket: s3.IBucket): void {
    const notTheReleaseRole = { ArnNotEquals: { 'aws:PrincipalArn': this.releaseRole.roleArn } };
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheReleaseRoleSetsTheReleaseTag',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...TAG_WRITES, 's3:PutObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: {
          ...notTheReleaseRole,
          'ForAnyValue:StringEquals': { 's3:RequestObjectTagKeys': RELEASE_TAG.key },
        },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyModelArtifactsCarryTheReleaseTag',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...TAG_WRITES, 's3:PutObject'],
        notResources: [modelArtifactsArn(bucket)],
        conditions: { 'ForAnyValue:StringEquals': { 's3:RequestObjectTagKeys': RELEASE_TAG.key } },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheReleaseRoleChangesReleasedObjectTags',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: TAG_CHANGES,
        resources: [bucket.arnForObjects('*')],
        conditions: { ...notTheReleaseRole, Null: { [`s3:ExistingObjectTag/${RELEASE_TAG.key}`]: 'false' } },
      }),
    );
  }

  private acknowledgeWildcards(props: ReleaseGateProps): void {
    const { account, region, partition } = Stack.of(this);
    const ack = (policy: iam.ManagedPolicy, resource: string, reason: string) =>
      acknowledgeWildcardResource(policy, resource, reason);
    ack(
      this.releasePolicy,
      evaluationResultsArn(props.artifactsBucket),
      'results.json of any evaluation of this project: evaluation job names are only known when they start.',
    );
    ack(
      this.releasePolicy,
      modelArtifactsArn(props.artifactsBucket),
      "Tags only (no object read or write), on model artifacts (*/output/model.tar.gz) of this project's runs.",
    );
    ack(
      this.releasePolicy,
      props.auditBucket.arnForObjects(`${RUNS_PREFIX}*`),
      'Run records of this project, one key per run; Object Lock keeps every version, so appending cannot rewrite history.',
    );
    ack(
      this.releasePolicy,
      `arn:${partition}:sagemaker:${region}:${account}:processing-job/${props.projectName}-*`,
      "Describe only, on this project's evaluation jobs (named <project>-eval-...).",
    );
    ack(
      this.deploymentPolicy,
      props.artifactsBucket.arnForObjects('*'),
      'Only object versions tagged isotrain:release=approved (s3:ExistingObjectTag condition; the bucket policy enforces the same).',
    );
  }
}

/** Read and append run records (the audit bucket's `runs/` prefix); versions are under Object Lock. */
export function runRecordStatements(
  audit: s3.IBucket,
  key: kms.IKey,
  viaS3: Record<string, Record<string, string>>,
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ListRunRecords',
      actions: ['s3:ListBucket', 's3:ListBucketVersions'],
      resources: [audit.bucketArn],
      conditions: { StringLike: { 's3:prefix': `${RUNS_PREFIX}*` } },
    }),
    new iam.PolicyStatement({
      sid: 'ReadAndAppendRunRecords',
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectRetention', 's3:PutObject'],
      resources: [audit.arnForObjects(`${RUNS_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'EncryptRunRecords',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: viaS3,
    }),
  ];
}
