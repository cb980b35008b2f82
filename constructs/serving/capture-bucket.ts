import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SERVING_PURPOSES } from '../../lib/contract';
import { SecureBucket, lifecycle } from '../secure-bucket';

export interface CaptureBucketProps {
  /** Captured requests and responses are private data: the project's data key. */
  readonly encryptionKey: kms.IKey;
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Days a capture (and any overwritten version of it) lives: `serving.captureDays`. */
  readonly retentionDays: number;
}

/**
 * Where the project's endpoints capture every request and response: a SecureBucket (project key,
 * TLS, no public access, no exports, retained) whose objects and their versions expire after a few
 * days, so the queries that could be abuse are kept long enough to investigate and no longer.
 */
export class CaptureBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: CaptureBucketProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1) {
      throw new Error(`retentionDays must be a positive integer, got ${props.retentionDays}`);
    }
    this.bucket = new SecureBucket(this, 'Resource', {
      purpose: SERVING_PURPOSES.captureBucket,
      encryptionKey: props.encryptionKey,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      lifecycleRules: [
        lifecycle.expireEverything(props.retentionDays, 1),
        lifecycle.removeExpiredDeleteMarkers(),
        lifecycle.abortIncompleteUploads(),
      ],
    }).bucket;
  }
}
