import { Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import { DATASETS_PREFIX, PURPOSES, PURPOSE_TAG, Purpose } from '../lib/contract';
import { trustOnly } from './trust';

export interface UploaderRoleProps {
  readonly projectName: string;
  readonly dataBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
  /** IAM role or user ARNs of this account that may assume the role (the project file names them). */
  readonly assumedBy: string[];
  /**
   * The key prefixes the role may write; the bucket policy denies every other principal the same
   * prefixes.
   * @default - [`datasets/`]: raw datasets
   */
  readonly prefixes?: string[];
  /**
   * What the role is for, written to its `isotrain:purpose` tag.
   * @default PURPOSES.uploaderRole
   */
  readonly purpose?: Purpose;
  /**
   * What the role writes, for descriptions.
   * @default 'training data'
   */
  readonly what?: string;
}

/**
 * Write-only entry into the training-data bucket: may put objects under its prefixes, from anywhere,
 * and nothing else. It cannot list, read back or delete: data enters, it cannot leave this way. The
 * uploader writes `datasets/`; the publisher (another instance) writes `code/` and `base-models/`,
 * which every run reads, so an uploader cannot plant code that runs on the data.
 */
export class UploaderRole extends Construct {
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: UploaderRoleProps) {
    super(scope, id);
    const prefixes = props.prefixes ?? [DATASETS_PREFIX];
    if (prefixes.length === 0) throw new Error('UploaderRole: prefixes must not be empty, got []');
    const what = props.what ?? 'training data';
    this.role = new iam.Role(this, 'Resource', {
      description: `isotrain ${props.projectName}: write-only upload of ${what}`,
      assumedBy: trustOnly(props.assumedBy, 'assumedBy'),
    });
    Tags.of(this.role).add(PURPOSE_TAG, props.purpose ?? PURPOSES.uploaderRole);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `isotrain ${props.projectName}: write-only upload of ${what} (${prefixes.join(', ')})`,
      roles: [this.role],
    });
    const objects = prefixes.map((p) => props.dataBucket.arnForObjects(`${p}*`));
    this.policy.addStatements(
      new iam.PolicyStatement({
        sid: 'PutUnderOwnPrefixesOnly',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: objects,
      }),
    );
    for (const [i, arn] of objects.entries()) {
      acknowledgeWildcardResource(
        this.policy,
        arn,
        `Write-only (PutObject and multipart) under ${prefixes[i]} of this project's training-data bucket; uploads choose their keys.`,
      );
    }
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
