import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  readonly encryptionKey: kms.IKey;
  /** Days to keep events; one of the values CloudWatch Logs accepts. */
  readonly retentionDays: number;
  /**
   * A fixed name, only where an AWS service writes to a name of its own choosing.
   * @default - a generated name
   */
  readonly logGroupName?: string;
  /**
   * Masks personal data as it is ingested; only principals with logs:Unmask see it unmasked.
   * @default - no masking
   */
  readonly dataProtectionPolicy?: logs.DataProtectionPolicy;
}

/** A log group encrypted with a project key, with a retention, and retained when removed from the stack. */
export class EncryptedLogGroup extends Construct {
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      logGroupName: props.logGroupName,
      encryptionKey: props.encryptionKey,
      retention: props.retentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
      dataProtectionPolicy: props.dataProtectionPolicy,
    });
  }
}
