import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import {
  JOB_LOG_DENIED_ACTIONS,
  LOGS_ACCOUNT_POLICY_ACTIONS,
  OBJECT_DATA_READ_ACTIONS,
  jobLogGroupArns,
} from '../lib/contract';

export interface ProjectFenceProps {
  readonly dataBucket: s3.IBucket;
  readonly artifactsBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
  readonly artifactsKey: kms.IKey;
  /** Roles the holder must never become (separation of duties). */
  readonly separateRoles: iam.IRole[];
}

/** Assuming a role, and the two session settings that go with it. */
export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] as const;

/**
 * The Deny statements every holder of a project's launcher or run-governance policy carries, whatever
 * else they are allowed: no data reads (content, copies, attributes) in the project buckets, no
 * decryption with the data or artifact key, no reading, exporting, unmasking or re-masking of the
 * shared job log groups (nor account-wide log policies, which reach them), and no assuming the
 * project's release, deployment, uploader or publisher role.
 */
export function projectFenceStatements(scope: IConstruct, props: ProjectFenceProps): iam.PolicyStatement[] {
  if (props.separateRoles.length === 0) throw new Error('separateRoles must name at least one role, got []');
  const deny = (s: iam.PolicyStatementProps) => new iam.PolicyStatement({ ...s, effect: iam.Effect.DENY });
  return [
    deny({
      sid: 'DenyReadingProjectData',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      resources: [props.dataBucket.arnForObjects('*'), props.artifactsBucket.arnForObjects('*')],
    }),
    deny({
      sid: 'DenyDecryptingProjectData',
      actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      resources: [props.dataKey.keyArn, props.artifactsKey.keyArn],
    }),
    deny({
      sid: 'DenyBecomingSeparateRoles',
      actions: [...ASSUME_ACTIONS],
      resources: props.separateRoles.map((r) => r.roleArn),
    }),
    deny({
      sid: 'DenyJobLogsAccess',
      actions: [...JOB_LOG_DENIED_ACTIONS],
      resources: jobLogGroupArns(Stack.of(scope)),
    }),
    deny({
      sid: 'DenyAccountLogPolicies',
      actions: [...LOGS_ACCOUNT_POLICY_ACTIONS],
      resources: ['*'],
    }),
  ];
}
