import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Duration, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AuditTrail } from '../../../constructs/audit-trail';
import { EncryptedLogGroup } from '../../../constructs/encrypted-log-group';
import { IsolatedNetwork } from '../../../constructs/isolated-network';
import { ProjectKeys } from '../../../constructs/project-keys';
import {
  BASE_MODELS_PREFIX,
  CHECKPOINT_PREFIX,
  CODE_PREFIX,
  DATASETS_PREFIX,
  OBJECT_DATA_READ_ACTIONS,
  PURPOSES,
  REDACTED_PREFIX,
  REDACTION_GATE_TAG,
  RUNS_PREFIX,
  SAGEMAKER_PROCESSING_LOG_GROUP,
  SAGEMAKER_TRAINING_LOG_GROUP,
  UNRELEASED_TAG,
  jobOutputPrefixes,
} from '../../contract';
import { TrainingRole } from '../../../constructs/training-role';
import { UploaderRole } from '../../../constructs/uploader-role';
import { jobLogMasking } from '../../../constructs/job-log-masking';
import { ecrRepositoryArn, iamPrincipalArn, parsePinnedImage, partitionOf } from '../../config';
import { ProjectOutputs } from '../../../constructs/project-outputs';
import { ReleaseGate } from '../../../constructs/release-gate';
import { RunGovernancePolicy } from '../../../constructs/run-governance-policy';
import { S3DataPerimeter } from '../../../constructs/s3-data-perimeter';
import { RedactionReportRole } from '../../../constructs/redaction-report-role';
import { SecureBucket, lifecycle } from '../../../constructs/secure-bucket';
import { ProjectStack, ProjectStackProps } from './project-stack';
import { CaptureBucket } from '../../../constructs/serving/capture-bucket';
import { DeploymentGuardrails } from '../../../constructs/serving/deployment-guardrails';
import { ServingRole } from '../../../constructs/serving/serving-role';
import { prefixSid } from '../../../constructs/s3-data-perimeter';

export interface DataStackProps extends ProjectStackProps {
  readonly keys: ProjectKeys;
  readonly network: IsolatedNetwork;
}

/**
 * The data perimeter: buckets, the trail and log groups (stateful, retained), the S3 endpoint the
 * bucket policies are pinned to, and the roles that touch the data, which live beside the buckets
 * whose policies will name them. Termination-protected.
 */
export class DataStack extends ProjectStack {
  public readonly accessLogsBucket: SecureBucket;
  public readonly auditBucket: SecureBucket;
  public readonly trainingDataBucket: SecureBucket;
  public readonly artifactsBucket: SecureBucket;
  public readonly perimeter: S3DataPerimeter;
  public readonly trail: AuditTrail;
  public readonly sageMakerLogGroup?: EncryptedLogGroup;
  public readonly sageMakerProcessingLogGroup?: EncryptedLogGroup;
  public readonly trainingRole: TrainingRole;
  /** With training.requireRedaction: the role of redaction jobs, the only one that reads raw uploads. */
  public readonly redactionRole?: TrainingRole;
  /** With training.requireRedaction: the role that alone reads redaction reports from outside the endpoint. */
  public readonly redactionReports?: RedactionReportRole;
  public readonly uploaderRole: UploaderRole;
  public readonly publisherRole: UploaderRole;
  public readonly releaseGate: ReleaseGate;
  public readonly runGovernance: RunGovernancePolicy;
  /** Serving (issue 12), only with endpoints: where captures go, and each endpoint's execution role. */
  public readonly captureBucket?: CaptureBucket;
  public readonly servingRoles = new Map<string, ServingRole>();

  /** The roles launcher and run-governance holders must never become (separation of duties). */
  public get separateRoles(): iam.IRole[] {
    return [
      this.releaseGate.releaseRole,
      this.releaseGate.deploymentRole,
      this.uploaderRole.role,
      this.publisherRole.role,
    ];
  }

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    const { name, account, region, retention, audit, training, uploads } = this.project;
    const { keys, network } = props;

    this.accessLogsBucket = new SecureBucket(this, 'AccessLogs', {
      purpose: PURPOSES.accessLogs,
      encryptionKey: keys.logs,
      lifecycleRules: [
        lifecycle.expireEverything(retention.logDays, 1),
        lifecycle.removeExpiredDeleteMarkers(),
        lifecycle.abortIncompleteUploads(),
      ],
    });
    const accessLogs = this.accessLogsBucket.bucket;

    // Object Lock keeps every version for its retention: lifecycle removes nothing early.
    const lock = Duration.days(retention.auditDays);
    this.auditBucket = new SecureBucket(this, 'Audit', {
      purpose: PURPOSES.audit,
      encryptionKey: keys.logs,
      serverAccessLogsBucket: accessLogs,
      objectLockRetention:
        audit.objectLockMode === 'COMPLIANCE'
          ? s3.ObjectLockRetention.compliance(lock)
          : s3.ObjectLockRetention.governance(lock),
      lifecycleRules: [
        lifecycle.expireEverything(retention.auditDays, 1),
        lifecycle.removeExpiredDeleteMarkers(),
        lifecycle.abortIncompleteUploads(),
      ],
    });

    this.trainingDataBucket = new SecureBucket(this, 'TrainingData', {
      purpose: PURPOSES.trainingData,
      encryptionKey: keys.data,
      serverAccessLogsBucket: accessLogs,
      lifecycleRules: [
        lifecycle.expireEverything(retention.trainingDataDays, retention.noncurrentVersionDays),
        // Raw uploads may hold personal data: once redacted, they go sooner.
        ...(training.requireRedaction
          ? [
              lifecycle.expireEverything(
                retention.rawUploadDays,
                retention.noncurrentVersionDays,
                DATASETS_PREFIX,
              ),
            ]
          : []),
        lifecycle.removeExpiredDeleteMarkers(),
        lifecycle.abortIncompleteUploads(),
        lifecycle.wipeTagged(),
      ],
    });
    // Says on the bucket what the gate below enforces, so a check of the templates alone knows it.
    Tags.of(this.trainingDataBucket.bucket).add(
      REDACTION_GATE_TAG.key,
      training.requireRedaction ? REDACTION_GATE_TAG.on : REDACTION_GATE_TAG.off,
    );

    this.artifactsBucket = new SecureBucket(this, 'Artifacts', {
      purpose: PURPOSES.artifacts,
      encryptionKey: keys.artifacts,
      serverAccessLogsBucket: accessLogs,
      lifecycleRules: [
        lifecycle.expireEverything(retention.checkpointDays, 1, CHECKPOINT_PREFIX),
        lifecycle.expireTagged('ExpireUnreleasedModels', UNRELEASED_TAG, retention.unreleasedModelDays),
        lifecycle.expireNoncurrent(retention.noncurrentVersionDays),
        lifecycle.removeExpiredDeleteMarkers(),
        lifecycle.abortIncompleteUploads(),
        lifecycle.wipeTagged(),
      ],
    });

    const endpoints = this.project.serving.endpoints;
    if (endpoints.length > 0) {
      this.captureBucket = new CaptureBucket(this, 'ServingCapture', {
        encryptionKey: keys.data,
        serverAccessLogsBucket: accessLogs,
        retentionDays: this.project.serving.captureDays,
      });
    }

    this.trail = new AuditTrail(this, 'Trail', {
      bucket: this.auditBucket.bucket,
      encryptionKey: keys.logs,
      dataEventBuckets: [
        this.trainingDataBucket.bucket,
        this.artifactsBucket.bucket,
        ...(this.captureBucket ? [this.captureBucket.bucket] : []),
      ],
      writeEventPrefixes: [`${this.auditBucket.bucket.bucketArn}/${RUNS_PREFIX}`],
      logRetentionDays: retention.logDays,
    });

    if (training.createSageMakerLogGroup) {
      // Shared by every project of the account and region (AWS fixes the names): masked, kept briefly.
      this.sageMakerLogGroup = new EncryptedLogGroup(this, 'SageMakerTrainingLogs', {
        logGroupName: SAGEMAKER_TRAINING_LOG_GROUP,
        encryptionKey: keys.logs,
        retentionDays: retention.jobLogDays,
        dataProtectionPolicy: jobLogMasking(),
      });
      this.sageMakerProcessingLogGroup = new EncryptedLogGroup(this, 'SageMakerProcessingLogs', {
        logGroupName: SAGEMAKER_PROCESSING_LOG_GROUP,
        encryptionKey: keys.logs,
        retentionDays: retention.jobLogDays,
        dataProtectionPolicy: jobLogMasking(),
      });
    }

    const evaluationImage = parsePinnedImage(this.project.evaluation.image)!;
    const jobRole = {
      projectName: name,
      dataBucket: this.trainingDataBucket.bucket,
      artifactsBucket: this.artifactsBucket.bucket,
      dataKey: keys.data,
      artifactsKey: keys.artifacts,
      ecrRepositoryArns: [
        ...new Set([
          ...training.ecrRepositories.map((r) => ecrRepositoryArn(r, account, region)),
          `arn:${partitionOf(region)}:ecr:${evaluationImage.region}:${evaluationImage.account}:repository/${evaluationImage.repository}`,
        ]),
      ],
      vpc: network.vpc,
      subnets: network.trainingSubnets,
      securityGroup: network.trainingSecurityGroup,
    };
    this.trainingRole = new TrainingRole(this, 'TrainingRole', {
      ...jobRole,
      // training.requireRedaction: training reads redacted data only, never the raw uploads.
      ...(training.requireRedaction ? { deniedDataPrefixes: [DATASETS_PREFIX] } : {}),
    });
    if (training.requireRedaction) {
      this.redactionRole = new TrainingRole(this, 'RedactionRole', {
        ...jobRole,
        dataWritePrefixes: [REDACTED_PREFIX],
        artifactsAccess: false,
        description: 'SageMaker redaction execution role (reads raw uploads, writes redacted data)',
      });
      this.redactionReports = new RedactionReportRole(this, 'RedactionReportRole', {
        projectName: name,
        dataBucket: this.trainingDataBucket.bucket,
        dataKey: keys.data,
      });
    }
    const principals = (values: string[]) => values.map((v) => iamPrincipalArn(v, account, region));
    this.uploaderRole = new UploaderRole(this, 'UploaderRole', {
      projectName: name,
      dataBucket: this.trainingDataBucket.bucket,
      dataKey: keys.data,
      assumedBy: principals(uploads.uploaders),
    });
    this.publisherRole = new UploaderRole(this, 'PublisherRole', {
      projectName: name,
      dataBucket: this.trainingDataBucket.bucket,
      dataKey: keys.data,
      assumedBy: principals(uploads.publishers),
      prefixes: [CODE_PREFIX, BASE_MODELS_PREFIX],
      purpose: PURPOSES.publisherRole,
      what: 'training code and base models',
    });

    // The gate's roles are named in the artifact bucket policy, so they live here, beside it.
    this.releaseGate = new ReleaseGate(this, 'ReleaseGate', {
      projectName: name,
      artifactsBucket: this.artifactsBucket.bucket,
      artifactsKey: keys.artifacts,
      auditBucket: this.auditBucket.bucket,
      auditKey: keys.logs,
      releaseApprovers: principals(this.project.release.approvers),
      deploymentPrincipals: principals(this.project.deployment.principals),
      trailLogGroup: this.trail.logGroup.logGroup,
    });
    this.runGovernance = new RunGovernancePolicy(this, 'RunGovernancePolicy', {
      projectName: name,
      dataBucket: this.trainingDataBucket.bucket,
      artifactsBucket: this.artifactsBucket.bucket,
      auditBucket: this.auditBucket.bucket,
      auditKey: keys.logs,
      dataKey: keys.data,
      artifactsKey: keys.artifacts,
      separateRoles: this.separateRoles,
    });

    for (const e of endpoints) {
      const image = parsePinnedImage(e.image)!;
      this.servingRoles.set(
        e.name,
        new ServingRole(this, `ServingRole${prefixSid(e.name)}`, {
          projectName: name,
          endpoint: e.name,
          run: e.run,
          artifactsBucket: this.artifactsBucket.bucket,
          artifactsKey: keys.artifacts,
          captureBucket: this.captureBucket!.bucket,
          captureKey: keys.data,
          ecrRepositoryArn: `arn:${partitionOf(region)}:ecr:${image.region}:${image.account}:repository/${image.repository}`,
          vpc: network.vpc,
          subnets: network.trainingSubnets,
          securityGroup: network.trainingSecurityGroup,
        }),
      );
    }
    const servingRoles = [...this.servingRoles.values()].map((r) => r.role);
    if (servingRoles.length > 0) {
      new DeploymentGuardrails(this, 'DeploymentServingGuardrails', {
        projectName: name,
        deploymentRole: this.releaseGate.deploymentRole,
        servingRoles,
        subnetIds: network.trainingSubnets.map((s) => s.subnetId),
        securityGroupIds: [network.trainingSecurityGroup.securityGroupId],
        volumeKey: keys.artifacts,
      });
    }

    const trainingRole = this.trainingRole.role;
    const redactionRole = this.redactionRole?.role;
    this.perimeter = new S3DataPerimeter(this, 'S3Endpoint', {
      vpc: network.vpc,
      buckets: [
        {
          bucket: this.trainingDataBucket.bucket,
          readers: redactionRole ? [trainingRole, redactionRole] : [trainingRole],
          prefixes: [
            { prefix: DATASETS_PREFIX, writers: [this.uploaderRole.role] },
            // Written only by redaction jobs.
            { prefix: REDACTED_PREFIX, writers: redactionRole ? [redactionRole] : [] },
            { prefix: CODE_PREFIX, writers: [this.publisherRole.role] },
            { prefix: BASE_MODELS_PREFIX, writers: [this.publisherRole.role] },
          ],
        },
        {
          bucket: this.artifactsBucket.bucket,
          readers: [trainingRole],
          prefixes: jobOutputPrefixes(name).map((prefix) => ({ prefix, writers: [trainingRole] })),
        },
      ],
      releaseGate: {
        bucket: this.artifactsBucket.bucket,
        deploymentRole: this.releaseGate.deploymentRole,
        releaseRole: this.releaseGate.releaseRole,
        releaseReadable: [this.releaseGate.results],
        ...(servingRoles.length > 0 ? { servingRoles, servingReadable: [this.releaseGate.models] } : {}),
      },
      ...(this.redactionReports
        ? {
            redactionReports: {
              bucket: this.trainingDataBucket.bucket,
              reader: this.redactionReports.role,
              reports: this.redactionReports.reports,
              redactedData: this.redactionReports.redactedData,
            },
          }
        : {}),
    });

    if (redactionRole) {
      // The bucket says it too, for every principal (not only the training role): no identity policy
      // added later, and no reader added to the perimeter later, can read raw uploads. A request
      // without a principal ARN (a service acting on its own) is denied too: ArnNotEquals of a
      // missing key is true.
      this.trainingDataBucket.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DenyRawUploadReadsByAllButRedaction',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: [...OBJECT_DATA_READ_ACTIONS],
          resources: [this.trainingDataBucket.bucket.arnForObjects(`${DATASETS_PREFIX}*`)],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': redactionRole.roleArn } },
        }),
      );
    }

    new ProjectOutputs(this, 'Outputs', {
      projectName: name,
      values: {
        S3EndpointId: this.perimeter.endpoint.vpcEndpointId,
        TrainingDataBucket: this.trainingDataBucket.bucket.bucketName,
        ArtifactsBucket: this.artifactsBucket.bucket.bucketName,
        AuditBucket: this.auditBucket.bucket.bucketName,
        AccessLogsBucket: accessLogs.bucketName,
        TrailArn: this.trail.trail.attrArn,
        TrainingRoleArn: this.trainingRole.role.roleArn,
        UploaderRoleArn: this.uploaderRole.role.roleArn,
        PublisherRoleArn: this.publisherRole.role.roleArn,
        ...(redactionRole ? { RedactionRoleArn: redactionRole.roleArn } : {}),
        ...(this.redactionReports ? { RedactionReportRoleArn: this.redactionReports.role.roleArn } : {}),
        ReleaseRoleArn: this.releaseGate.releaseRole.roleArn,
        DeploymentRoleArn: this.releaseGate.deploymentRole.roleArn,
        RunGovernancePolicyArn: this.runGovernance.policy.managedPolicyArn,
      },
    });
  }
}
