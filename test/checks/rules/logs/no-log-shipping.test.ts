import { findingsOf, res } from '../coverage-support';

describe('Isolation-LOG4 log events stay in their groups', () => {
  test('passes an account-wide data protection policy (it masks, ships nothing)', () => {
    const f = findingsOf((s) =>
      res(s, 'Mask', 'AWS::Logs::AccountPolicy', {
        PolicyName: 'm',
        PolicyType: 'DATA_PROTECTION_POLICY',
        PolicyDocument: '{}',
      }),
    );
    expect(f['Isolation-LOG4']).toBeUndefined();
  });
  test.each([
    [
      'AWS::Logs::SubscriptionFilter',
      {
        LogGroupName: '/aws/sagemaker/TrainingJobs',
        FilterPattern: '',
        DestinationArn: 'arn:aws:kinesis:eu-west-1:999988887777:stream/s',
      },
      'streams /aws/sagemaker/TrainingJobs',
    ],
    [
      'AWS::Logs::AccountPolicy',
      { PolicyName: 'p', PolicyType: 'SUBSCRIPTION_FILTER_POLICY', PolicyDocument: '{}' },
      'account-wide SUBSCRIPTION_FILTER_POLICY',
    ],
    [
      'AWS::Logs::DeliveryDestination',
      { Name: 'd', DestinationResourceArn: 'arn:aws:s3:::elsewhere' },
      'vended logs',
    ],
  ])('fails on %s', (type, props, why) => {
    expect(findingsOf((s) => res(s, 'X', type, props))['Isolation-LOG4']).toEqual([
      expect.stringContaining(why),
    ]);
  });
});
