/**
 * Control mutants (issue 9): a role or a handed-out policy of the templates may bend a control out of
 * band (open the network, switch off the trail, the flow logs, the DNS firewall or an alert, ship a
 * log group's events elsewhere); Isolation-IAM7 evaluates what the holder may do and must flag it
 * (see harness.ts).
 */
import { Json, Mutant, Templates, add, mutationSuite, one } from './harness';

/** A role for a Lambda function, added to the data template, allowed these actions on everything. */
const roleMay =
  (...actions: string[]) =>
  (t: Templates) =>
    add(t, one(t, 'AWS::S3::Bucket').file, 'Maintenance', {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        Policies: [
          {
            PolicyName: 'maintenance',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
            },
          },
        ],
      },
    });

const launcherPolicy = (t: Templates): Json =>
  one(t, 'AWS::IAM::ManagedPolicy', (_r, id) => /^LauncherPolicy(?!Fence)/.test(id)).r.Properties
    .PolicyDocument;

export const MUTANTS: Mutant[] = [
  {
    name: 'a role may add routes to any route table',
    rule: 'Isolation-IAM7',
    mutate: roleMay('ec2:CreateRoute'),
  },
  {
    name: 'a role may attach an internet gateway to the VPC',
    rule: 'Isolation-IAM7',
    mutate: roleMay('ec2:AttachInternetGateway'),
  },
  {
    name: 'a role may open egress on any security group',
    rule: 'Isolation-IAM7',
    mutate: roleMay('ec2:AuthorizeSecurityGroupEgress'),
  },
  {
    name: 'a role may rewrite endpoint policies',
    rule: 'Isolation-IAM7',
    mutate: roleMay('ec2:ModifyVpcEndpoint'),
  },
  { name: 'a role may delete flow logs', rule: 'Isolation-IAM7', mutate: roleMay('ec2:DeleteFlowLogs') },
  {
    name: 'a role may detach the DNS firewall',
    rule: 'Isolation-IAM7',
    mutate: roleMay('route53resolver:DisassociateFirewallRuleGroup'),
  },
  { name: 'a role may stop the trail', rule: 'Isolation-IAM7', mutate: roleMay('cloudtrail:StopLogging') },
  {
    name: 'a role may disable the alert rules',
    rule: 'Isolation-IAM7',
    mutate: roleMay('events:DisableRule'),
  },
  {
    name: 'a role may rewrite the alert topic',
    rule: 'Isolation-IAM7',
    mutate: roleMay('sns:SetTopicAttributes'),
  },
  {
    name: 'a role may ship any log group elsewhere',
    rule: 'Isolation-IAM7',
    mutate: roleMay('logs:PutSubscriptionFilter', 'logs:CreateExportTask'),
  },
  {
    name: 'the launcher policy handed to people may shorten log retention',
    rule: 'Isolation-IAM7',
    mutate: (t) =>
      launcherPolicy(t).Statement.push({ Effect: 'Allow', Action: 'logs:PutRetentionPolicy', Resource: '*' }),
  },
];

mutationSuite(MUTANTS);
