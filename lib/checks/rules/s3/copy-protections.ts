import { BucketExportConfigurations } from './bucket-export-configurations';
import { IsolationRule } from '../../rule';
import { StatefulRetained } from '../cloudformation/stateful-retained';
import { DataEventsCoverBuckets } from '../cloudtrail/data-events-cover-buckets';
import { BucketBlockPublicAccess } from './bucket-block-public-access';
import { BucketExports } from './bucket-exports';
import { BucketKmsCmk } from './bucket-kms-cmk';
import { BucketTlsOnly } from './bucket-tls-only';
import { BucketVersioning } from './bucket-versioning';
import { DataBucketLifecycle } from './data-bucket-lifecycle';
import { DataBucketSourceVpce } from './data-bucket-source-vpce';
import { NoOtherReaders } from './no-other-readers';

/**
 * The bucket rules a replica must pass as well as the original: encryption, TLS, public access,
 * versioning, the endpoint perimeter, lifecycle, data events, exports, other readers, retention. A new
 * rule on AWS::S3::Bucket is classified here or in `NOT_ABOUT_COPIES` (a test keeps the two complete).
 */
export const COPY_PROTECTIONS: readonly IsolationRule[] = [
  BucketKmsCmk,
  BucketTlsOnly,
  BucketBlockPublicAccess,
  BucketVersioning,
  DataBucketSourceVpce,
  DataBucketLifecycle,
  DataEventsCoverBuckets,
  BucketExports,
  BucketExportConfigurations,
  NoOtherReaders,
  StatefulRetained,
];

/**
 * Bucket rules that are about the app or the audit bucket, not about a copy of the data. S3RAW keeps
 * raw uploads from ever reaching a replica: it holds the source to deny GetObjectVersionForReplication
 * on datasets/ to every principal but the redaction role, replication roles included. KEEP2 is about
 * whether a bucket exists at all: a replica that may not exist receives no copy.
 */
export const NOT_ABOUT_COPIES = ['S3REPL', 'AUDIT1', 'TRAIL3', 'MON2', 'S3RAW', 'KEEP2'];
