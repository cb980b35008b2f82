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
  test("passes an observability link of metrics only, and a rule whose target is the account's own", () => {
    const f = findingsOf((s) => {
      res(s, 'Metrics', 'AWS::Oam::Link', {
        LabelTemplate: '$AccountName',
        ResourceTypes: ['AWS::CloudWatch::Metric'],
        SinkIdentifier: 'arn:aws:oam:eu-west-1:999988887777:sink/s',
      });
      res(s, 'Topic', 'AWS::SNS::Topic', {});
      res(s, 'Alert', 'AWS::Events::Rule', {
        EventPattern: { source: ['aws.s3'] },
        Targets: [
          { Id: 'a', Arn: { Ref: 'Topic' } },
          { Id: 'b', Arn: 'arn:aws:sns:eu-west-1:111122223333:security-alerts' },
        ],
      });
    });
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
    [
      'AWS::Oam::Link',
      {
        LabelTemplate: '$AccountName',
        ResourceTypes: ['AWS::Logs::LogGroup'],
        SinkIdentifier: 'arn:aws:oam:eu-west-1:999988887777:sink/s',
      },
      "shares the account's log groups",
    ],
    [
      'AWS::Events::Rule',
      {
        EventPattern: { source: ['aws.s3'] },
        Targets: [{ Id: 't', Arn: 'arn:aws:events:eu-west-1:999988887777:event-bus/default' }],
      },
      'sends events to arn:aws:events:eu-west-1:999988887777:event-bus/default',
    ],
    [
      'AWS::Events::ApiDestination',
      { ConnectionArn: 'c', HttpMethod: 'POST', InvocationEndpoint: 'https://collector.example/' },
      'outside AWS',
    ],
  ])('fails on %s', (type, props, why) => {
    expect(findingsOf((s) => res(s, 'X', type, props))['Isolation-LOG4']).toEqual([
      expect.stringContaining(why),
    ]);
  });
});
