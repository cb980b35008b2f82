import { Duration, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import { PURPOSES, PURPOSE_TAG, redactedDataKeys, redactionReportKeys } from '../lib/contract';

export interface RedactionReportRoleProps {
  readonly projectName: string;
  readonly dataBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
}

/**
 * The one principal that reads redaction reports from outside the project endpoint (issue 13):
 * `isotrain train` checks, from the caller's machine, that each data channel is the output of a
 * completed redaction job and records its report's counts. Launchers are not enumerable (whoever holds
 * the launcher policy), so the bucket policy cannot name them; it names this role instead, and the
 * launcher policy lets its holders assume it. The role trusts the account (the launcher policy's
 * sts:AssumeRole is what hands it out) and may do one thing: GetObject on report keys, decrypting
 * them via S3. The perimeter denies it everything else, from anywhere (S3DataPerimeter
 * `redactionReports`).
 *
 * Why a role rather than a grant to launchers themselves: the launcher fence denies its holders every
 * data read and every decryption with the data key, and must (Isolation-IAM5). An identity Deny can
 * leave out a key pattern only with NotResource, which would deny its holder reads of every other
 * bucket it uses; and a bucket-policy exception for "principals of the account" would let any of
 * them read reports directly under whatever identity policy they carry. A named role is the tightest
 * binding AWS offers here: the bucket names one principal (every read is a session of it in the
 * trail), and who may become it is whoever holds the launcher policy, or an administrator, who can
 * grant themselves sts:AssumeRole as they can anything. Reports hold counts, never values; only the
 * redaction role writes redacted/; what is left is in docs/limitations.md.
 */
export class RedactionReportRole extends Construct {
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;
  /** Object ARNs (patterns) of the project's redaction reports. */
  public readonly reports: string[];
  /** Object ARN (pattern) of every redacted file: never readable from outside. */
  public readonly redactedData: string;

  constructor(scope: Construct, id: string, props: RedactionReportRoleProps) {
    super(scope, id);
    const { account, region } = Stack.of(this);
    const { dataBucket, projectName } = props;
    this.reports = redactionReportKeys(projectName).map((k) => dataBucket.arnForObjects(k));
    this.redactedData = dataBucket.arnForObjects(redactedDataKeys(projectName));
    this.role = new iam.Role(this, 'Resource', {
      description: `isotrain ${projectName}: reads redaction reports (counts only) for the training gate, nothing else`,
      assumedBy: new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(1),
    });
    Tags.of(this.role).add(PURPOSE_TAG, PURPOSES.redactionReportRole);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `isotrain ${projectName}: read redaction reports`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadRedactionReports',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: this.reports,
        }),
        new iam.PolicyStatement({
          sid: 'DecryptRedactionReportsViaS3',
          actions: ['kms:Decrypt'],
          resources: [props.dataKey.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': `s3.${region}.amazonaws.com`,
              'kms:CallerAccount': account,
            },
          },
        }),
      ],
    });
    for (const report of this.reports)
      acknowledgeWildcardResource(
        this.policy,
        report,
        `Redaction reports only (redacted/<...>/<job>/report.json): redaction jobs are named when they start and write under an output prefix chosen then; every redacted file (.../<job>/data/...) is denied by the bucket policy.`,
      );
  }
}
