import { Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import {
  EVALUATIONS_PREFIX,
  MODEL_ARTIFACT_SUFFIX,
  MODEL_PREFIX,
  PURPOSE_TAG,
  PURPOSES,
  RELEASE_TAG,
  RESULTS_FILE,
  RUNS_PREFIX,
  TRAIL_PREFIX,
  jobNamePrefix,
} from '../lib/contract';
import { trustOnly } from './trust';

export interface ReleaseGateProps {
  readonly projectName: string;
  /** Where models and evaluation results are written. */
  readonly artifactsBucket: s3.IBucket;
  readonly artifactsKey: kms.IKey;
  /** Where run records live; the release role appends its decision there. */
  readonly auditBucket: s3.IBucket;
  readonly auditKey: kms.IKey;
  /** IAM role or user ARNs of this account that may assume the release role (`release.approvers`). */
  readonly releaseApprovers: string[];
  /** IAM role or user ARNs of this account that may assume the deployment role (`deployment.principals`). */
  readonly deploymentPrincipals: string[];
  /**
   * The project trail's log group: the release role queries it for who wrote which object and run
   * record (CloudTrail data events), the ground truth a record is checked against.
   * @default - the release role cannot query the trail's log group
   */
  readonly trailLogGroup?: logs.ILogGroup;
}

/**
 * Object ARNs of this project's model artifacts (SageMaker writes
 * `models/<job>/output/model.tar.gz`, and the project's jobs are named `<project>--...`): all that may
 * be released.
 */
export function modelArtifactsArn(bucket: s3.IBucket, project: string): string {
  return bucket.arnForObjects(`${MODEL_PREFIX}${jobNamePrefix(project)}*/${MODEL_ARTIFACT_SUFFIX}`);
}

/** Object ARNs of this project's evaluation results: the only unreleased objects the release role may read from outside. */
export function evaluationResultsArn(bucket: s3.IBucket, project: string): string {
  return bucket.arnForObjects(`${EVALUATIONS_PREFIX}${jobNamePrefix(project)}*/${RESULTS_FILE}`);
}

const TAG_WRITES = ['s3:PutObjectTagging', 's3:PutObjectVersionTagging'];
const TAG_CHANGES = [...TAG_WRITES, 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging'];

/**
 * The privacy gate's two roles and the bucket-policy rule that only one of them may release.
 * Each role trusts only the principals the project file names for it.
 * - The release role (`isotrain release`) reads evaluation results, the jobs that produced the model
 *   and the results (DescribeTrainingJob, DescribeProcessingJob) and the trail's record of who wrote
 *   what, tags a model version `isotrain:release=approved` and appends its decision to the run
 *   record. It writes no object.
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
  /** Object ARNs of the project's model artifacts: all that may be released. */
  public readonly models: string;
  /** Object ARNs of the project's evaluation results. */
  public readonly results: string;

  constructor(scope: Construct, id: string, props: ReleaseGateProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const { artifactsBucket: artifacts, auditBucket: audit, projectName } = props;
    const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } };
    const jobs = (type: string) =>
      `arn:${partition}:sagemaker:${region}:${account}:${type}/${jobNamePrefix(projectName)}*`;
    this.models = modelArtifactsArn(artifacts, projectName);
    this.results = evaluationResultsArn(artifacts, projectName);

    this.releaseRole = new iam.Role(this, 'ReleaseRole', {
      description: `isotrain ${projectName}: privacy gate; the only principal that may release a model`,
      assumedBy: trustOnly(props.releaseApprovers, 'releaseApprovers'),
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
          resources: [this.results],
        }),
        new iam.PolicyStatement({
          sid: 'TagReleasedModels',
          actions: ['s3:GetObjectTagging', 's3:GetObjectVersionTagging', ...TAG_WRITES],
          resources: [this.models],
        }),
        new iam.PolicyStatement({
          sid: 'DecryptEvaluationResults',
          actions: ['kms:Decrypt'],
          resources: [props.artifactsKey.keyArn],
          conditions: viaS3,
        }),
        ...runRecordStatements(audit, props.auditKey, viaS3),
        new iam.PolicyStatement({
          sid: 'ReadJobsGroundTruth',
          actions: ['sagemaker:DescribeTrainingJob', 'sagemaker:DescribeProcessingJob', 'sagemaker:ListTags'],
          resources: [jobs('training-job'), jobs('processing-job')],
        }),
        ...trailStatements(audit, account, region, props.trailLogGroup),
        new iam.PolicyStatement({
          sid: 'ReadProjectOutputs',
          actions: ['ssm:GetParametersByPath'],
          resources: [`arn:${partition}:ssm:${region}:${account}:parameter/isotrain/${projectName}`],
        }),
      ],
    });

    this.deploymentRole = new iam.Role(this, 'DeploymentRole', {
      description: `isotrain ${projectName}: reads released model versions, and only those`,
      assumedBy: trustOnly(props.deploymentPrincipals, 'deploymentPrincipals'),
    });
    Tags.of(this.deploymentRole).add(PURPOSE_TAG, PURPOSES.deploymentRole);
    this.deploymentPolicy = new iam.ManagedPolicy(this, 'DeploymentPolicy', {
      description: `isotrain ${projectName}: read released model versions`,
      roles: [this.deploymentRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadReleasedModels',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [this.models],
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
    this.keepModelArtifacts(artifacts);
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
        notResources: [this.models],
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

  /**
   * Released versions are kept: lifecycle removes only versions tagged unreleased, and no principal
   * may delete a model artifact or make its version noncurrent (S3 offers no tag condition on
   * deletes, so the deny covers every model artifact; lifecycle rules are not subject to it).
   */
  private keepModelArtifacts(bucket: s3.IBucket): void {
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NobodyDeletesModelArtifacts',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [bucket.arnForObjects(`${MODEL_PREFIX}*`)],
      }),
    );
  }

  private acknowledgeWildcards(props: ReleaseGateProps): void {
    const { account, region, partition } = Stack.of(this);
    const ack = (policy: iam.ManagedPolicy, resource: string, reason: string) =>
      acknowledgeWildcardResource(policy, resource, reason);
    const prefix = jobNamePrefix(props.projectName);
    ack(
      this.releasePolicy,
      this.results,
      `results.json of any evaluation of this project's runs (evaluations/${prefix}...): evaluation job names are only known when they start.`,
    );
    ack(
      this.releasePolicy,
      this.models,
      `Tags only (no object read or write), on model artifacts (models/${prefix}.../output/model.tar.gz) of this project's runs.`,
    );
    for (const type of ['training-job', 'processing-job']) {
      ack(
        this.releasePolicy,
        `arn:${partition}:sagemaker:${region}:${account}:${type}/${prefix}*`,
        `Describe and list tags only, on this project's jobs (named ${prefix}...): the ground truth a release is checked against.`,
      );
    }
    ack(
      this.releasePolicy,
      props.auditBucket.arnForObjects(`${TRAIL_PREFIX}/AWSLogs/${account}/CloudTrail/${region}/*`),
      "Read only, the project trail's log files in the audit bucket: who wrote which object and record (data events).",
    );
    if (props.trailLogGroup) {
      ack(
        this.releasePolicy,
        `${props.trailLogGroup.logGroupArn}:*`,
        "Query only, the project trail's log group: who wrote which object and record (data events).",
      );
    }
    ack(
      this.releasePolicy,
      props.auditBucket.arnForObjects(`${RUNS_PREFIX}*`),
      'Run records of this project, one key per run; Object Lock keeps every version, so appending cannot rewrite history.',
    );
    ack(
      this.deploymentPolicy,
      this.models,
      'Only model artifacts of this project, and of those only the versions tagged isotrain:release=approved (s3:ExistingObjectTag condition; the bucket policy enforces the same).',
    );
  }
}

/**
 * Read the project trail: its log files in the audit bucket (CloudTrail's own prefix) and, when
 * given, its log group. Nothing else of the audit bucket beyond run records.
 */
function trailStatements(
  audit: s3.IBucket,
  account: string,
  region: string,
  logGroup?: logs.ILogGroup,
): iam.PolicyStatement[] {
  const files = `${TRAIL_PREFIX}/AWSLogs/${account}/CloudTrail/${region}/`;
  const statements = [
    new iam.PolicyStatement({
      sid: 'ListTrailFiles',
      actions: ['s3:ListBucket'],
      resources: [audit.bucketArn],
      conditions: { StringLike: { 's3:prefix': `${files}*` } },
    }),
    new iam.PolicyStatement({
      sid: 'ReadTrailFiles',
      actions: ['s3:GetObject'],
      resources: [audit.arnForObjects(`${files}*`)],
    }),
  ];
  if (logGroup) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'QueryTrailEvents',
        actions: ['logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetQueryResults'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
      }),
    );
  }
  return statements;
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
