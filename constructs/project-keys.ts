import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { PURPOSES, PURPOSE_TAG, Purpose } from '../lib/contract';

export interface ProjectKeysProps {
  /** Project name; used in key aliases and descriptions. */
  readonly projectName: string;
  /**
   * What happens to the keys when they leave the stack.
   * @default RemovalPolicy.RETAIN - a deleted key makes every object it encrypted unreadable
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Let CloudWatch alarms of this account publish to topics encrypted with the logs key (the serving
   * alarms, issue 12).
   * @default false - only EventBridge publishes alerts
   */
  readonly alarmPublishing?: boolean;
}

/** Key administration: everything but using the key. The account keeps it, so the key stays manageable. */
export const KEY_ADMIN_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:GetKeyLastUsage',
  'kms:GetPublicKey',
  'kms:GetParametersForImport',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:UpdateKeyDescription',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:RevokeGrant',
  'kms:RetireGrant',
  'kms:ImportKeyMaterial',
  'kms:DeleteImportedKeyMaterial',
  'kms:ReplicateKey',
  'kms:UpdatePrimaryRegion',
  'kms:SynchronizeMultiRegionKey',
] as const;

/** What reveals existing ciphertext: allowed only when S3 or SageMaker asks on a principal's behalf. */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'] as const;

/** What produces ciphertext (or keys without plaintext): this account's principals, through any service. */
export const KEY_ENCRYPT_ACTIONS = [
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptTo',
] as const;

/**
 * The project's three customer-managed keys: training data, model artifacts, logs and audit.
 * Key policies trust this account's IAM (grants are identity-side) plus only the AWS services that
 * encrypt on the project's behalf, each scoped to this account. The data and artifact keys go
 * further: their ciphertext is decrypted only through S3 or SageMaker (so only through the bucket
 * policies and the job guardrails), grants are only for AWS resources, and the account keeps every
 * administrative action, so the key can never lock its owner out.
 */
export class ProjectKeys extends Construct {
  public readonly data: kms.Key;
  public readonly artifacts: kms.Key;
  public readonly logs: kms.Key;
  /** Each key's alias names (`alias/isotrain/<project>/<key>`). */
  public readonly aliases = new Map<kms.IKey, string[]>();

  constructor(scope: Construct, id: string, props: ProjectKeysProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const make = (keyId: string, purpose: Purpose, what: string, policy?: iam.PolicyDocument) => {
      const alias = `alias/isotrain/${props.projectName}/${keyId.toLowerCase()}`;
      const key = new kms.Key(this, keyId, {
        policy,
        description: `isotrain ${props.projectName}: ${what}`,
        alias,
        enableKeyRotation: true,
        pendingWindow: Duration.days(30),
        removalPolicy,
      });
      Tags.of(key).add(PURPOSE_TAG, purpose);
      this.aliases.set(key, [alias]);
      return key;
    };
    this.data = make('Data', PURPOSES.dataKey, 'training data and training volumes', this.dataKeyPolicy());
    this.artifacts = make(
      'Artifacts',
      PURPOSES.artifactsKey,
      'model artifacts and checkpoints',
      this.dataKeyPolicy(),
    );
    this.logs = make(
      'Logs',
      PURPOSES.logsKey,
      'flow logs, CloudTrail, access logs, audit records and alerts',
    );
    this.allowLogServices(this.logs);
    this.allowAlertPublishing(this.logs);
    if (props.alarmPublishing) this.allowAlarmPublishing(this.logs);
  }

  /** CloudWatch alarms publish to the encrypted alert topic (SNS asks KMS on the alarm's behalf). */
  private allowAlarmPublishing(key: kms.Key): void {
    const { account } = Stack.of(this);
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToThisAccountsEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }

  /**
   * The policy of a key that protects data: statements for the account root delegate to IAM, so a
   * principal needs its own permission as well, and these conditions narrow what any IAM policy can
   * grant. kms:ViaService names the service that asked on the principal's behalf.
   */
  private dataKeyPolicy(): iam.PolicyDocument {
    const { account, region } = Stack.of(this);
    const root = new iam.AccountRootPrincipal();
    const inAccount = { 'kms:CallerAccount': account };
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AccountAdministersTheKey',
          principals: [root],
          actions: [...KEY_ADMIN_ACTIONS],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DecryptOnlyThroughS3AndSageMaker',
          principals: [root],
          actions: [...KEY_DECRYPT_ACTIONS],
          resources: ['*'],
          conditions: {
            StringEquals: {
              ...inAccount,
              'kms:ViaService': [`s3.${region}.amazonaws.com`, `sagemaker.${region}.amazonaws.com`],
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'EncryptInThisAccount',
          principals: [root],
          actions: [...KEY_ENCRYPT_ACTIONS],
          resources: ['*'],
          conditions: { StringEquals: inAccount },
        }),
        new iam.PolicyStatement({
          sid: 'GrantsOnlyForAwsResources',
          principals: [root],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: { StringEquals: inAccount, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      ],
    });
  }

  /** EventBridge publishes job-isolation alerts to an SNS topic encrypted with the logs and audit key. */
  private allowAlertPublishing(key: kms.Key): void {
    const { account, region, partition } = Stack.of(this);
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgePublishesToThisAccountsEncryptedTopics',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:sns:topicArn': `arn:${partition}:sns:${region}:${account}:*`,
          },
        },
      }),
    );
  }

  private allowLogServices(key: kms.Key): void {
    const { account, region, partition } = Stack.of(this);
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsThisAccountsTrails',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*`,
          },
        },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'S3ServerAccessLoggingWritesEncryptedLogs',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        // The actions CDK grants this service (aws-cdk PR #25350: SSE-KMS log targets work with them),
        // limited here to log delivery on behalf of this account.
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }
}
