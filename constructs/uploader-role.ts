import { Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import { PURPOSES, PURPOSE_TAG } from '../lib/contract';

export interface UploaderRoleProps {
  readonly projectName: string;
  readonly dataBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
  /**
   * Who may assume the role.
   * @default - principals of this account whose own policies allow sts:AssumeRole on it
   */
  readonly assumedBy?: iam.IPrincipal;
}

/**
 * Write-only entry for training data: may put objects into the training-data bucket from anywhere,
 * and nothing else. It cannot list, read back or delete: data enters, it cannot leave this way.
 */
export class UploaderRole extends Construct {
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: UploaderRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Resource', {
      description: `isotrain ${props.projectName}: write-only uploader of training data`,
      assumedBy: props.assumedBy ?? new iam.AccountRootPrincipal(),
    });
    Tags.of(this.role).add(PURPOSE_TAG, PURPOSES.uploaderRole);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `isotrain ${props.projectName}: write-only upload of training data`,
      roles: [this.role],
    });
    this.policy.addStatements(
      new iam.PolicyStatement({
        sid: 'PutTrainingDataOnly',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [props.dataBucket.arnForObjects('*')],
      }),
    );
    acknowledgeWildcardResource(
      this.policy,
      props.dataBucket.arnForObjects('*'),
      "Write-only (PutObject and multipart) to any key of this project's training-data bucket; uploads choose their keys.",
    );
    // Multipart uploads with SSE-KMS need Decrypt as well; only S3 may use the key on the role's behalf.
    this.policy.addStatements(
      new iam.PolicyStatement({
        sid: 'EncryptUploadsWithDataKey',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }
}
