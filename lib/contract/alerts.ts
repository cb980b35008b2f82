/**
 * What the Monitoring stack alerts on, as CloudTrail event names per concern. The event patterns,
 * docs/perimeter.md and the tests read them from here.
 */

/** Changes to the project trail: it would stop recording, or record less. */
export const TRAIL_TAMPER_EVENTS = [
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
] as const;

/**
 * Changes to a project bucket's policy, replication, lifecycle, Object Lock, public access, encryption,
 * versioning, logging and the configurations that ship objects or object lists elsewhere. Several S3
 * APIs record an older event name (PutBucketLifecycleConfiguration is recorded as PutBucketLifecycle).
 */
export const BUCKET_TAMPER_EVENTS = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketReplication',
  'DeleteBucketReplication',
  'PutBucketLifecycle',
  'DeleteBucketLifecycle',
  'PutObjectLockConfiguration',
  'PutBucketObjectLockConfiguration',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutBucketAcl',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'PutBucketVersioning',
  'PutBucketLogging',
  'PutBucketInventoryConfiguration',
  'PutBucketAnalyticsConfiguration',
  'PutBucketNotification',
  'CreateBucketMetadataTableConfiguration',
  'DeleteBucket',
] as const;

/** Account-wide S3 settings that loosen every bucket at once (recorded by the S3 Control API). */
export const ACCOUNT_PUBLIC_ACCESS_EVENTS = [
  'PutAccountPublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
] as const;

/** Changes to a project key: who may use it, whether it works, whether it will exist. */
export const KEY_TAMPER_EVENTS = [
  'PutKeyPolicy',
  'DisableKey',
  'ScheduleKeyDeletion',
  'DisableKeyRotation',
  'DeleteImportedKeyMaterial',
  'UpdatePrimaryRegion',
  'ReplicateKey',
] as const;

/** Grants on a project key; the ones AWS services create for the project's own jobs are filtered out. */
export const KEY_GRANT_EVENT = 'CreateGrant';

/**
 * AWS services that create grants on the data and artifact keys for a job's own resources (the
 * SageMaker training and processing volumes, through EC2). A grant they create is routine; a grant
 * anyone creates directly (no `invokedBy`) or through another service raises an alert.
 */
export const ROUTINE_GRANT_SERVICES = ['sagemaker.amazonaws.com', 'ec2.amazonaws.com'] as const;

/** Changes that would silence the Monitoring stack's own rules and topic. */
export const MONITORING_TAMPER_EVENTS = {
  events: ['DisableRule', 'DeleteRule', 'PutRule', 'RemoveTargets', 'PutTargets'],
  sns: ['DeleteTopic', 'SetTopicAttributes', 'RemovePermission', 'AddPermission', 'Unsubscribe'],
} as const;

/** Actions that ship job logs elsewhere or reveal masked values; alerted on the job log groups, from anyone. */
export const JOB_LOG_EXPORT_EVENTS = [
  'CreateExportTask',
  'PutSubscriptionFilter',
  'DeleteDataProtectionPolicy',
  'PutDataProtectionPolicy',
  'DisassociateKmsKey',
  'DeleteLogGroup',
] as const;

/** Account-wide CloudWatch Logs policies (subscription filters, data protection, transformers) reach every log group. */
export const LOGS_ACCOUNT_POLICY_EVENTS = ['PutAccountPolicy', 'DeleteAccountPolicy'] as const;

/** Changes that would let the project VPC resolve any name again, or stop logging its queries. */
export const DNS_FIREWALL_TAMPER_EVENTS = [
  'DisassociateFirewallRuleGroup',
  'UpdateFirewallRuleGroupAssociation',
  'DeleteFirewallRuleGroup',
  'DeleteFirewallRule',
  'UpdateFirewallRule',
  'UpdateFirewallDomains',
  'DeleteFirewallDomainList',
  'UpdateFirewallConfig',
  'DisassociateResolverQueryLogConfig',
  'DeleteResolverQueryLogConfig',
] as const;
