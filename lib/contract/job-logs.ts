import { SAGEMAKER_PROCESSING_LOG_GROUP, SAGEMAKER_TRAINING_LOG_GROUP } from './storage';

/**
 * The job log groups hold what containers print, and a container sees the data: they are shared by
 * every project of the account and region (AWS fixes their names), and KMS on them does not limit
 * readers. These are the CloudWatch Logs actions on them that no project role (launcher, run
 * governance, training) may use: reading events, shipping them elsewhere (exports, subscription and
 * metric filters, integrations), unmasking, and changing the masking, the key or the retention.
 */
export const JOB_LOG_GROUPS = [SAGEMAKER_TRAINING_LOG_GROUP, SAGEMAKER_PROCESSING_LOG_GROUP] as const;

export const JOB_LOG_DENIED_ACTIONS = [
  // Reading what a container printed.
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartLiveTail',
  'logs:StartQuery',
  'logs:GetQueryResults',
  'logs:GetLogRecord',
  'logs:Unmask',
  // Shipping it elsewhere.
  'logs:CreateExportTask',
  'logs:PutSubscriptionFilter',
  'logs:PutMetricFilter',
  'logs:PutTransformer',
  'logs:IntegrateWithDataset',
  'logs:IntegrateWithS3Table',
  'logs:ProcessWithPipeline',
  // Changing the masking, the key, the retention, or the group itself.
  'logs:PutDataProtectionPolicy',
  'logs:DeleteDataProtectionPolicy',
  'logs:AssociateKmsKey',
  'logs:DisassociateKmsKey',
  'logs:PutRetentionPolicy',
  'logs:DeleteRetentionPolicy',
  'logs:DeleteLogGroup',
] as const;

/**
 * Account-wide CloudWatch Logs policies, which reach the job log groups too (an account subscription
 * filter ships every group). They support no resource-level permissions, so they are denied on `*`.
 */
export const LOGS_ACCOUNT_POLICY_ACTIONS = ['logs:PutAccountPolicy', 'logs:DeleteAccountPolicy'] as const;

/** Log-group ARNs as IAM matches them: the group itself and everything under it (its streams). */
export function jobLogGroupArns(where: { partition: string; region: string; account: string }): string[] {
  return JOB_LOG_GROUPS.flatMap((group) => {
    const arn = `arn:${where.partition}:logs:${where.region}:${where.account}:log-group:${group}`;
    return [arn, `${arn}:*`];
  });
}
