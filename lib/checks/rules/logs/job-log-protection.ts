/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { JOB_LOG_GROUPS } from '../../../contract';
import { Json, asArray, flatten } from '../../cfn';
import { TEMPLATE_BOUNDS } from '../../project-settings';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import { findings } from '../findings';

/**
 * Managed data identifiers a job-log masking policy must cover: names, contact details, addresses,
 * financial and government IDs, health numbers and secrets. The families (`PhoneNumber-*`, ...) count
 * when at least one country's identifier is there.
 */
const CORE_IDENTIFIERS = [
  'Name',
  'EmailAddress',
  'Address',
  'IpAddress',
  'CreditCardNumber',
  'AwsSecretKey',
  'OpenSshPrivateKey',
  'PgpPrivateKey',
  'PkcsPrivateKey',
];
const CORE_FAMILIES = ['PhoneNumber-', 'Ssn-', 'PassportNumber-', 'DriversLicense-', 'BankAccountNumber-'];

const identifierName = (arn: string) => arn.replace(/^.*data-identifier\//, '');

/** Why a data protection policy does not mask personal data as it is ingested (empty when it does). */
export function maskingGaps(policy: Json): string[] {
  if (policy === undefined) return ['no data protection policy'];
  const statements = asArray(policy?.Statement);
  const masked = statements
    .filter((s: Json) => s?.Operation?.Deidentify?.MaskConfig !== undefined)
    .flatMap((s: Json) => asArray(s.DataIdentifier).map((d) => identifierName(flatten(d))));
  if (masked.length === 0) return ['the data protection policy masks nothing'];
  const missing = [
    ...CORE_IDENTIFIERS.filter((id) => !masked.includes(id)),
    ...CORE_FAMILIES.filter((f) => !masked.some((m) => m.startsWith(f))).map((f) => `${f}*`),
  ];
  const audited = statements.some((s: Json) => s?.Operation?.Audit !== undefined);
  return [
    ...(missing.length > 0 ? [`the data protection policy does not mask ${missing.join(', ')}`] : []),
    ...(audited ? [] : ['the data protection policy does not audit findings']),
  ];
}

export const JobLogProtection: IsolationRule = {
  id: 'LOG3',
  control: 9,
  types: ['AWS::Logs::LogGroup'],
  info: 'A SageMaker job log group does not mask personal data, or keeps job logs longer than the project allows.',
  explanation:
    "Containers print what they see, and KMS on a log group does not limit who reads it; the account's " +
    '/aws/sagemaker/TrainingJobs and /ProcessingJobs groups are shared by every project. Give them a ' +
    'DataProtectionPolicy that audits and masks (Deidentify MaskConfig) the managed identifiers for names, ' +
    'contact details, addresses, financial and government IDs and secrets (jobLogMasking does this), and a ' +
    `RetentionInDays of retention.jobLogDays (without the project file: at most ${TEMPLATE_BOUNDS.maxJobLogDays}).`,
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (!(JOB_LOG_GROUPS as readonly string[]).includes(flatten(r.props.LogGroupName))) return NOT_APPLICABLE;
    const days = r.props.RetentionInDays === undefined ? undefined : Number(r.props.RetentionInDays);
    const expected = model.projectSettings(r)?.jobLogDays;
    const retention =
      days === undefined
        ? ['kept forever']
        : expected !== undefined
          ? days === expected
            ? []
            : [`kept ${days} days, the project file says ${expected}`]
          : days > TEMPLATE_BOUNDS.maxJobLogDays
            ? [`kept ${days} days, more than ${TEMPLATE_BOUNDS.maxJobLogDays}`]
            : [];
    return findings([...maskingGaps(r.props.DataProtectionPolicy), ...retention]);
  },
};
