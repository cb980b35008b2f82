/**
 * Isolation-IAM7 on the controls other than policies: the network, the flow logs, the DNS firewall,
 * the trail, the log groups, the alert rules and topic, the buckets' settings. A holder the templates
 * define may not bend them out of band; what it needs to run (log delivery, the CDK custom resource
 * that empties the default security group) still passes.
 */
import { NoGuardrailRewrites } from '../../../../lib/checks/rules/iam/no-guardrail-rewrites';
import { Statement } from '../../fixture';
import { arn, ref, res } from '../../support';
import { Build, reasonsOf } from '../reasons';

const role =
  (id: string, statements: Statement[]): Build =>
  (s) =>
    res(s, id, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    });

/** A network, a trail, a log group, an alert rule and its topic, a flow log and a DNS firewall. */
const controls: Build = (s) => {
  res(s, 'Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
  res(s, 'Subnet', 'AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.0.0.0/17' });
  res(s, 'Routes', 'AWS::EC2::RouteTable', { VpcId: ref('Vpc') });
  res(s, 'Sg', 'AWS::EC2::SecurityGroup', { GroupDescription: 'training', VpcId: ref('Vpc') });
  res(s, 'FlowLog', 'AWS::EC2::FlowLog', { ResourceId: ref('Vpc'), ResourceType: 'VPC', TrafficType: 'ALL' });
  res(s, 'Firewall', 'AWS::Route53Resolver::FirewallRuleGroupAssociation', {
    FirewallRuleGroupId: 'rslvr-frg-1',
    VpcId: ref('Vpc'),
    Priority: 101,
  });
  res(s, 'Trail', 'AWS::CloudTrail::Trail', { IsLogging: true, S3BucketName: 'audit' });
  res(s, 'Logs', 'AWS::Logs::LogGroup', { RetentionInDays: 365 });
  res(s, 'Topic', 'AWS::SNS::Topic', {});
  res(s, 'Alert', 'AWS::Events::Rule', { EventPattern: { source: ['aws.sagemaker'] }, Targets: [] });
};

const check = (...builds: Build[]) =>
  reasonsOf(NoGuardrailRewrites, (s) => [controls, ...builds].forEach((b) => b(s)));
const reasons = (found: Record<string, string[]>, id: string) => (found[id] ?? []).join('\n');

describe('Isolation-IAM7: controls other than policies', () => {
  test('passes what the project runs on: log delivery, and emptying the default security group', () => {
    expect(
      check(
        role('Delivery', [
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arn('Logs') },
        ]),
        role('RestrictDefaultSg', [
          {
            Effect: 'Allow',
            Action: [
              'ec2:AuthorizeSecurityGroupIngress',
              'ec2:AuthorizeSecurityGroupEgress',
              'ec2:RevokeSecurityGroupIngress',
              'ec2:RevokeSecurityGroupEgress',
            ],
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:aws:ec2:eu-west-1:111122223333:security-group/',
                  { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] },
                ],
              ],
            },
          },
        ]),
      ),
    ).toEqual({});
  });

  test.each([
    ['ec2:CreateRoute', /ec2:CreateRoute on EC2 RouteTable Routes by Opener/],
    ['ec2:AttachInternetGateway', /ec2:AttachInternetGateway on EC2 VPC Vpc/],
    ['ec2:AuthorizeSecurityGroupEgress', /ec2:AuthorizeSecurityGroupEgress on EC2 SecurityGroup Sg/],
    ['ec2:AssociateRouteTable', /ec2:AssociateRouteTable on EC2 Subnet Subnet/],
    ['ec2:DeleteFlowLogs', /ec2:DeleteFlowLogs on EC2 FlowLog FlowLog/],
    ['route53resolver:DisassociateFirewallRuleGroup', /DisassociateFirewallRuleGroup on Route53Resolver/],
    ['cloudtrail:StopLogging', /cloudtrail:StopLogging on CloudTrail Trail Trail/],
    ['logs:PutSubscriptionFilter', /logs:PutSubscriptionFilter on Logs LogGroup Logs/],
    ['events:DisableRule', /events:DisableRule on Events Rule Alert/],
    ['sns:SetTopicAttributes', /sns:SetTopicAttributes on SNS Topic Topic/],
  ])('fails a role allowed %s on everything', (action, reason) => {
    expect(
      reasons(check(role('Opener', [{ Effect: 'Allow', Action: action, Resource: '*' }])), 'Opener'),
    ).toMatch(reason);
  });

  test('passes when the holder denies itself what it was allowed', () => {
    expect(
      check(
        role('Careful', [
          { Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' },
          {
            Effect: 'Deny',
            Action: [
              'cloudtrail:StopLogging',
              'cloudtrail:DeleteTrail',
              'cloudtrail:UpdateTrail',
              'cloudtrail:PutEventSelectors',
            ],
            Resource: '*',
          },
        ]),
      ),
    ).toEqual({});
  });
});
