/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { Json } from '../../cfn';
import { AppModel, ModelResource } from '../../model';

/** The resources that make up the project network: what other resources attach to. */
export const NETWORK_TYPES = ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup'];

/**
 * Types whose reference to the VPC, a subnet or a security group is the isolated network itself, each
 * judged by a rule of its own (routes, endpoints, flow logs, the DNS firewall and query logging, DHCP
 * options, resolver rules and endpoints, public addresses), or CDK's handler that empties the default
 * security group.
 */
const NETWORK_PLUMBING = new Set([
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::Route',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::NetworkAclEntry',
  'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::FlowLog',
  'AWS::EC2::VPCCidrBlock',
  'AWS::EC2::SubnetCidrBlock',
  'AWS::EC2::SubnetCidrReservation',
  'AWS::EC2::VPCDHCPOptionsAssociation',
  'AWS::EC2::EIPAssociation',
  'AWS::Route53Resolver::FirewallRuleGroupAssociation',
  'AWS::Route53Resolver::FirewallConfig',
  'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
  'AWS::Route53Resolver::ResolverRuleAssociation',
  'AWS::Route53Resolver::ResolverEndpoint',
  'AWS::Route53Resolver::ResolverConfig',
  'AWS::Route53Resolver::ResolverDNSSECConfig',
  'AWS::Route53::HostedZone',
  'Custom::VpcRestrictDefaultSG',
]);

/** Types that only mention network IDs (policy conditions, stored outputs, alarms): nothing runs there. */
const MENTIONS_ONLY = new Set([
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::SSM::Parameter',
  'AWS::CloudWatch::Alarm',
  'AWS::KMS::Key',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::TopicPolicy',
]);

/** Namespaces of network resources (the rest is compute or a service): NET4 judges these, COMPUTE1 the others. */
const NETWORK_NAMESPACES =
  /^AWS::(EC2|NetworkManager|VpcLattice|Route53|Route53Resolver|Route53Profiles|DirectConnect|RAM|NetworkFirewall|GlobalAccelerator)::/;
/** EC2 types that run code. */
const EC2_COMPUTE = new Set([
  'AWS::EC2::Instance',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::SpotFleet',
  'AWS::EC2::EC2Fleet',
]);

export function isNetworkType(type: string): boolean {
  return NETWORK_NAMESPACES.test(type) && !EC2_COMPUTE.has(type);
}

/** Where a resource may place something in the network: event rules only through their targets. */
function attachingValue(r: ModelResource): Json {
  if (MENTIONS_ONLY.has(r.type) || NETWORK_PLUMBING.has(r.type)) return undefined;
  if (r.type === 'AWS::Events::Rule') return r.props.Targets;
  return r.props;
}

// Per model (one validation run): every resource's props are walked once, not once per anchor.
const byModel = new WeakMap<AppModel, Map<ModelResource, ModelResource[]>>();

/**
 * What attaches to a network resource: resources (other than network plumbing and mere mentions) that
 * reference it. Each is listed under one anchor only, the first it references (its VPC, else its first
 * subnet, else its first security group), so a finding is raised once per resource.
 */
export function attachedTo(model: AppModel, anchor: ModelResource): ModelResource[] {
  let index = byModel.get(model);
  if (!index) {
    index = new Map();
    const network = NETWORK_TYPES.flatMap((t) => model.ofType(t));
    for (const r of model.resources) {
      const value = attachingValue(r);
      if (value === undefined) continue;
      const refs = new Set(model.references(value, r.stack));
      const primary = network.find((n) => refs.has(n) && n !== r);
      if (primary) index.set(primary, [...(index.get(primary) ?? []), r]);
    }
    byModel.set(model, index);
  }
  return index.get(anchor) ?? [];
}
