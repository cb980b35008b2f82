import { Annotations, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRegulatory } from './acknowledge';
import {
  EXPORT_CONFIGURATION_ACTIONS,
  EXPORT_OBJECT_ACTIONS,
  Purpose,
  PURPOSE_TAG,
  WIPE_TAG,
} from '../lib/contract';

export interface SecureBucketProps {
  /** What the bucket holds; written to the `isotrain:purpose` tag the checks read. */
  readonly purpose: Purpose;
  /** The customer-managed key every object is encrypted with. */
  readonly encryptionKey: kms.IKey;
  /**
   * Where server access logs go.
   * @default - none; only for the access-log bucket itself, which cannot log into itself
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /** @default - no lifecycle rules */
  readonly lifecycleRules?: s3.LifecycleRule[];
  /**
   * Object Lock default retention. Object Lock can only be set when the bucket is created.
   * @default - no Object Lock
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;
  /** @default RemovalPolicy.RETAIN - buckets hold data, logs or evidence */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An S3 bucket that cannot be made public, speaks TLS 1.2+ only, encrypts every object with the
 * project key (bucket key on, other keys and SSE-S3 refused), versions, logs access and is retained.
 * No principal may configure it to ship objects or object lists elsewhere (replication, inventory,
 * analytics export, notifications, S3 Metadata, vended log delivery) or re-encrypt objects.
 */
export class SecureBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Resource', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: props.serverAccessLogsBucket && this.logTarget(props.serverAccessLogsBucket),
      serverAccessLogsPrefix: props.serverAccessLogsBucket ? `${id}/` : undefined,
      lifecycleRules: props.lifecycleRules,
      objectLockEnabled: props.objectLockRetention ? true : undefined,
      objectLockDefaultRetention: props.objectLockRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Tags.of(this.bucket).add(PURPOSE_TAG, props.purpose);
    if (props.serverAccessLogsBucket) {
      this.allowAccessLogDelivery(props.serverAccessLogsBucket, `${id}/`);
      Annotations.of(this.bucket).acknowledgeWarning(
        '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
        'SecureBucket writes the delivery grant itself, scoped by aws:SourceArn and aws:SourceAccount',
      );
    }
    this.denyUploadsWithoutProjectKey(props.encryptionKey);
    this.denyExports();
    acknowledgeRegulatory(
      this.bucket.node.defaultChild!,
      'S3BucketReplicationEnabled',
      'By design isotrain keeps exactly one copy of private data, in the project region: a replica is a ' +
        'second copy to govern, wipe and prove wiped. Durability comes from S3 itself, versioning and ' +
        '(audit bucket) Object Lock.',
    );
  }

  /**
   * CDK, given the real log bucket, would grant the logging service its key with no condition (any
   * account's logging could use it). A key-less reference keeps it from doing so; the project key's
   * policy already admits the service for this account only, and the grant below does the rest.
   */
  private logTarget(target: s3.IBucket): s3.IBucket {
    return s3.Bucket.fromBucketAttributes(this, 'AccessLogTarget', {
      bucketName: target.bucketName,
      bucketArn: target.bucketArn,
    });
  }

  private allowAccessLogDelivery(target: s3.IBucket, prefix: string): void {
    target.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `AccessLogsFrom${prefix.replace(/\W/g, '')}`,
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [target.arnForObjects(`${prefix}*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': this.bucket.bucketArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
  }

  /**
   * Configurations that copy objects, or lists of them, to another place: denied to everyone, the
   * account's administrators included (they can still change the bucket policy, which the Monitoring
   * stack alerts on). The templates set none of them, so deployments are unaffected.
   */
  private denyExports(): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyExportConfigurations',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...EXPORT_CONFIGURATION_ACTIONS],
        resources: [this.bucket.bucketArn],
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyObjectExports',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...EXPORT_OBJECT_ACTIONS],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
  }

  /** Headers may be left out (the bucket default applies); when given they must name the project key. */
  private denyUploadsWithoutProjectKey(key: kms.IKey): void {
    const header = 's3:x-amz-server-side-encryption';
    const keyHeader = 's3:x-amz-server-side-encryption-aws-kms-key-id';
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUploadsWithOtherEncryption',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { Null: { [header]: 'false' }, StringNotEquals: { [header]: 'aws:kms' } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUploadsWithOtherKeys',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { Null: { [keyHeader]: 'false' }, StringNotEquals: { [keyHeader]: key.keyArn } },
      }),
    );
  }
}

/** Lifecycle building blocks, so each bucket states its deletion policy in one readable list. */
export const lifecycle = {
  /** With versioning, expiring the current version only adds a delete marker; these finish the job. */
  expireEverything(days: number, noncurrentDays: number, prefix?: string): s3.LifecycleRule {
    return {
      id: prefix ? `Expire-${prefix.replace(/\/$/, '')}` : 'ExpireObjects',
      prefix,
      expiration: Duration.days(days),
      noncurrentVersionExpiration: Duration.days(noncurrentDays),
    };
  },
  expireNoncurrent(days: number): s3.LifecycleRule {
    return { id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: Duration.days(days) };
  },
  removeExpiredDeleteMarkers(): s3.LifecycleRule {
    return { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true };
  },
  abortIncompleteUploads(): s3.LifecycleRule {
    return { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) };
  },
  /**
   * Objects carrying the tag expire `days` after they were written, and so does every older version
   * that carries it. Lifecycle filters select by tag but cannot exclude one: the tag marks what may go.
   */
  expireTagged(id: string, tag: { key: string; value: string }, days: number): s3.LifecycleRule {
    return {
      id,
      tagFilters: { [tag.key]: tag.value },
      expiration: Duration.days(days),
      noncurrentVersionExpiration: Duration.days(1),
    };
  },
  /** Objects tagged for wiping (after a run) are gone, every version, within a day. */
  wipeTagged(): s3.LifecycleRule {
    return {
      id: 'WipeTaggedObjects',
      tagFilters: { [WIPE_TAG.key]: WIPE_TAG.value },
      expiration: Duration.days(1),
      noncurrentVersionExpiration: Duration.days(1),
    };
  },
};
