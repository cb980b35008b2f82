import { findingsOf, res } from '../coverage-support';

const id = (name: string) => `arn:aws:dataprotection::aws:data-identifier/${name}`;
const CORE = [
  'Name',
  'EmailAddress',
  'Address',
  'IpAddress',
  'CreditCardNumber',
  'AwsSecretKey',
  'OpenSshPrivateKey',
  'PgpPrivateKey',
  'PkcsPrivateKey',
  'PhoneNumber-US',
  'Ssn-US',
  'PassportNumber-US',
  'DriversLicense-US',
  'BankAccountNumber-US',
].map(id);
const policy = (identifiers: string[], mask = true) => ({
  Name: 'p',
  Version: '2021-06-01',
  Statement: [
    { Sid: 'audit', DataIdentifier: identifiers, Operation: { Audit: { FindingsDestination: {} } } },
    ...(mask
      ? [{ Sid: 'mask', DataIdentifier: identifiers, Operation: { Deidentify: { MaskConfig: {} } } }]
      : []),
  ],
});
const group = (props: Record<string, unknown>) =>
  findingsOf((s) =>
    res(s, 'Jobs', 'AWS::Logs::LogGroup', {
      LogGroupName: '/aws/sagemaker/TrainingJobs',
      RetentionInDays: 30,
      ...props,
    }),
  )['Isolation-LOG3'];

describe('Isolation-LOG3 job logs are masked and kept briefly', () => {
  test('passes masking of the core identifiers and a 30-day retention', () => {
    expect(group({ DataProtectionPolicy: policy(CORE) })).toBeUndefined();
  });
  test('does not apply to other log groups', () => {
    expect(
      findingsOf((s) => res(s, 'Other', 'AWS::Logs::LogGroup', { RetentionInDays: 3653 }))['Isolation-LOG3'],
    ).toBeUndefined();
  });
  test.each([
    [{}, 'no data protection policy'],
    [{ DataProtectionPolicy: policy(CORE, false) }, 'masks nothing'],
    [{ DataProtectionPolicy: policy([id('EmailAddress')]) }, 'does not mask Name'],
    [{ DataProtectionPolicy: policy(CORE), RetentionInDays: 3653 }, 'more than 90'],
  ])('fails with %j', (props, why) => {
    expect(group(props)).toEqual(expect.arrayContaining([expect.stringContaining(why)]));
  });
});
