/**
 * S3 actions grouped by what they let out of (or into) a project bucket. The bucket policies, the
 * launcher and run-governance fences and the tests all take their lists from here, so a reviewer reads
 * one classification of the S3 action list (service authorization reference, `s3` prefix).
 */

/**
 * Object actions that return object content, a copy of it, or metadata derived from it or written
 * with it. Denied outside the project endpoint and, through it, to every principal but the readers.
 */
export const OBJECT_DATA_READ_ACTIONS = [
  // Content: GetObject also authorizes HeadObject, SelectObjectContent and the source of CopyObject and UploadPartCopy.
  's3:GetObject',
  's3:GetObjectVersion',
  // Replication and S3 Batch Replication read every version with this action, not with GetObject.
  's3:GetObjectVersionForReplication',
  // Checksums, part list and size: derived from the content.
  's3:GetObjectAttributes',
  's3:GetObjectVersionAttributes',
  's3:GetObjectTorrent',
  's3:GetObjectVersionTorrent',
  // ACLs are disabled (bucket owner enforced); the replication permission set reads them nonetheless.
  's3:GetObjectAcl',
  's3:GetObjectVersionAcl',
  // Annotations are free-form metadata attached to objects.
  's3:GetObjectAnnotation',
  's3:GetObjectVersionAnnotation',
  's3:GetObjectVersionAnnotationForReplication',
  's3:ListObjectAnnotations',
  's3:ListObjectVersionAnnotations',
  // A restore with a select request writes query results to another location.
  's3:RestoreObject',
] as const;

/**
 * Object-level read actions deliberately left out of {@link OBJECT_DATA_READ_ACTIONS}, each with the
 * reason it returns nothing from inside the perimeter. A test compares both lists with the service
 * authorization reference, so a new S3 read action fails the build until it is classified.
 */
export const OBJECT_READS_WITHOUT_DATA: Readonly<Record<string, string>> = {
  's3:GetObjectTagging':
    'Tags are written only from outside the perimeter (uploads cannot tag; tag writes through the endpoint and by the training role are denied), and run governance and release read them.',
  's3:GetObjectVersionTagging':
    'As GetObjectTagging, for a version (wipe and release read the tags of versions).',
  's3:GetObjectLegalHold':
    'Object Lock settings (on or off, a date); the data and artifact buckets have no Object Lock.',
  's3:GetObjectRetention':
    'Object Lock settings (mode and date) written by the bucket default, not by a job.',
  's3:ListMultipartUploadParts':
    'Part numbers, sizes and ETags of an upload in progress; with SSE-KMS an ETag is not a digest of the content. Uploaders list their own parts.',
};

/** Writes of object content (and its replicas): only the writers named for a prefix may do them. */
export const OBJECT_WRITE_ACTIONS = [
  's3:PutObject',
  's3:PutObjectAnnotation',
  's3:PutObjectVersionAnnotation',
  's3:ReplicateObject',
  's3:ReplicateDelete',
  's3:ReplicateTags',
  's3:ReplicateObjectAnnotation',
] as const;

/** Writes of object tags. Denied through the endpoint and to the roles that run inside the perimeter. */
export const OBJECT_TAG_WRITE_ACTIONS = [
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
  's3:ReplicateTags',
] as const;

/**
 * Bucket configuration that ships objects, object lists or object metadata to another place, or
 * re-encrypts objects under another key. Denied to every principal on the data, artifact and audit
 * buckets; isotrain's templates set none of them.
 */
export const EXPORT_CONFIGURATION_ACTIONS = [
  // Replication copies every version to any bucket, in any account.
  's3:PutReplicationConfiguration',
  // Inventory writes object lists (keys, sizes, tags, checksums) to any bucket, in any account.
  's3:PutInventoryConfiguration',
  // Storage class analysis exports per-prefix and per-tag figures to any bucket.
  's3:PutAnalyticsConfiguration',
  // Event notifications send keys, sizes and ETags to SNS, SQS or Lambda (which may be in another account).
  's3:PutBucketNotification',
  // S3 Metadata writes keys, sizes, tags and user metadata into S3 Tables.
  's3:CreateBucketMetadataTableConfiguration',
  's3:UpdateBucketMetadataInventoryTableConfiguration',
  's3:UpdateBucketMetadataJournalTableConfiguration',
  's3:UpdateBucketMetadataAnnotationTableConfiguration',
  // Vended delivery of server access logs (keys and requesters) to CloudWatch Logs, Firehose or another S3 bucket.
  's3:AllowVendedLogDeliveryForResource',
] as const;

/** Object-level actions with the same effect as {@link EXPORT_CONFIGURATION_ACTIONS}: denied to everyone. */
export const EXPORT_OBJECT_ACTIONS = [
  // Batch Replication of existing objects.
  's3:InitiateReplication',
  // Re-encrypts an existing object, possibly under a key whose policy lets others decrypt.
  's3:UpdateObjectEncryption',
] as const;

/** The listing actions a reader of the project endpoint uses (key names, sizes and versions). */
export const BUCKET_LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions'] as const;
