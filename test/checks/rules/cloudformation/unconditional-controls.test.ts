import { CfnCondition, Fn } from 'aws-cdk-lib';
import { findingsOf, res } from '../coverage-support';

describe('Isolation-KEEP2 controls exist whatever the parameters', () => {
  const gated = (type: string, props: Record<string, unknown>) =>
    findingsOf((s) => {
      const never = new CfnCondition(s, 'Never', { expression: Fn.conditionEquals('a', 'b') });
      res(s, 'Control', type, props).cfnOptions.condition = never;
    })['Isolation-KEEP2'];
  test('passes a bucket policy, a trail and an alert rule that always exist', () => {
    const f = findingsOf((s) => {
      res(s, 'Policy', 'AWS::S3::BucketPolicy', { Bucket: 'b', PolicyDocument: { Statement: [] } });
      res(s, 'Trail', 'AWS::CloudTrail::Trail', { IsLogging: true, S3BucketName: 'b' });
      res(s, 'Alert', 'AWS::Events::Rule', { State: 'ENABLED', EventPattern: { source: ['aws.s3'] } });
    });
    expect(f['Isolation-KEEP2']).toBeUndefined();
  });
  test('passes an optional resource no control rests on, gated by a condition', () => {
    expect(gated('AWS::SSM::Parameter', { Type: 'String', Value: 'v' })).toBeUndefined();
  });
  test.each([
    ['AWS::S3::BucketPolicy', { Bucket: 'b', PolicyDocument: { Statement: [] } }],
    ['AWS::CloudTrail::Trail', { IsLogging: true, S3BucketName: 'b' }],
    ['AWS::EC2::FlowLog', { ResourceId: 'vpc-1', ResourceType: 'VPC', TrafficType: 'ALL' }],
    ['AWS::EC2::SecurityGroupEgress', { GroupId: 'sg-1', IpProtocol: '-1', CidrIp: '10.0.0.0/16' }],
    ['AWS::SNS::Subscription', { TopicArn: 't', Protocol: 'email', Endpoint: 'a@example.com' }],
    [
      'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
      { ResolverQueryLogConfigId: 'q', ResourceId: 'vpc-1' },
    ],
  ])('fails when a %s exists only when a condition holds', (type, props) => {
    expect(gated(type, props)).toEqual(['Control: exists only when Condition Never holds']);
  });
});
