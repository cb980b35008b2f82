import { CfnResource } from 'aws-cdk-lib';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';

/**
 * Types whose presence is what a control rests on: denies and fences, the trail, flow logs, the DNS
 * firewall and its query log, alerts and their topic, the restriction of a group's egress (without
 * it AWS restores allow-all), the buckets, keys and log groups that hold data and evidence (without
 * the job log groups SageMaker creates unprotected ones). The other rules judge what the template
 * writes; a resource that exists only when a Condition holds may not be deployed at all.
 */
export const CONTROL_TYPES = [
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::KMS::Key',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::CloudTrail::Trail',
  'AWS::EC2::FlowLog',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::VPCEndpoint',
  'AWS::Route53Resolver::FirewallDomainList',
  'AWS::Route53Resolver::FirewallRuleGroup',
  'AWS::Route53Resolver::FirewallRuleGroupAssociation',
  'AWS::Route53Resolver::FirewallConfig',
  'AWS::Route53Resolver::ResolverQueryLoggingConfig',
  'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
  'AWS::Logs::LogGroup',
  'AWS::Logs::ResourcePolicy',
  'AWS::Events::Rule',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SNS::Subscription',
  'Custom::VpcRestrictDefaultSG',
];

export const UnconditionalControls: IsolationRule = {
  id: 'KEEP2',
  control: 13,
  types: CONTROL_TYPES,
  info: 'A resource a control rests on (bucket policy, trail, flow log, DNS firewall, query log, alert rule or subscription, egress restriction, fence, bucket, key, log group) exists only when a CloudFormation Condition holds.',
  explanation:
    'The Isolation rules judge the resources a template writes; a Condition decides at deploy time whether one is ' +
    'created, so a parameter value (or a condition that is never true) removes the deny, the record or the alert ' +
    'the verdict counted on. Remove the Condition from these resources; gate only optional additions, each of ' +
    'which the rules judge on its own.',
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    const condition = r.node.cfnOptions.condition;
    if (!condition) return findings([]);
    const name = String(r.stack.resolve(condition.logicalId));
    return findings([`exists only when Condition ${name} holds`]);
  },
};
