/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray, flatten } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { where } from '../events/render';
import { findings } from '../findings';
import { cidrWithin, vpcCidrs } from './no-outside-ingress';

/** The rule CDK writes for allowAllOutbound: false: ICMP type 252 code 86 to one address, no traffic. */
function matchesNoTraffic(rule: Json): boolean {
  return (
    flatten(rule?.CidrIp) === '255.255.255.255/32' &&
    flatten(rule?.IpProtocol) === 'icmp' &&
    Number(rule?.FromPort) === 252 &&
    Number(rule?.ToPort) === 86
  );
}

/** Where a prefix list sends traffic, when it is not the region's S3 list or a list within the VPC. */
function prefixListOut(
  model: AppModel,
  id: Json,
  from: ModelResource,
  cidrs: readonly string[],
): string | undefined {
  const list = model.deref(id, from.stack);
  if (!list) return `prefix list ${flatten(id)}, whose addresses the templates do not show`;
  if (list.type === 'AWS::EC2::PrefixList') {
    const outside = asArray(list.props.Entries)
      .map((e: Json) => flatten(e?.Cidr))
      .filter((c: string) => !cidrs.some((outer) => cidrWithin(c, outer)));
    return outside.length > 0 ? `prefix list ${list.logicalId} with ${outside.join(', ')}` : undefined;
  }
  // An AWS-managed list looked up by name (CDK's or isotrain's custom resource): only S3's is expected,
  // answered by a function of the templates (another account's function returns whatever list it likes).
  const handler = model.deref(list.props.ServiceToken, list.stack);
  if (list.props.ServiceToken !== undefined && handler?.type !== 'AWS::Lambda::Function')
    return `prefix list ${list.logicalId}, looked up by ${flatten(list.props.ServiceToken)}, a function the templates do not define`;
  const name = flatten(list.props.PrefixListName);
  const s3 = `com.amazonaws.${where(list.stack).region}.s3`;
  return name === s3 ? undefined : `prefix list ${name || list.logicalId}, not ${s3}`;
}

/** Why an egress rule lets traffic leave the VPC (undefined when it does not). */
function egressOut(
  model: AppModel,
  rule: Json,
  sg: ModelResource | undefined,
  at: ModelResource,
): string | undefined {
  if (matchesNoTraffic(rule)) return undefined;
  const cidrs = vpcCidrs(model, sg);
  if (rule?.CidrIpv6 !== undefined) return `egress to ${flatten(rule.CidrIpv6)}`;
  if (rule?.DestinationPrefixListId !== undefined)
    return prefixListOut(model, rule.DestinationPrefixListId, at, cidrs);
  if (rule?.DestinationSecurityGroupId !== undefined) {
    const dest = model.deref(rule.DestinationSecurityGroupId, at.stack);
    return dest?.type === 'AWS::EC2::SecurityGroup'
      ? undefined
      : `egress to security group ${flatten(rule.DestinationSecurityGroupId)}, not one of the templates`;
  }
  const cidr = flatten(rule?.CidrIp);
  if (cidr === '0.0.0.0/0') return 'egress to 0.0.0.0/0';
  return cidrs.some((outer) => cidrWithin(cidr, outer))
    ? undefined
    : `egress to ${cidr || 'an unknown range'}, beyond the VPC`;
}

export const NoOpenEgress: IsolationRule = {
  id: 'SG1',
  control: 2,
  types: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress'],
  info: 'The security group allows outbound traffic beyond its VPC (0.0.0.0/0, ::/0, a range or prefix list outside the VPC, a group the templates do not define), or keeps the default allow-all egress.',
  explanation:
    'Egress to anywhere lets a process send data to any address the network can reach, and a security ' +
    'group created without any egress rule (inline or separate) gets allow-all egress from AWS. Set allowAllOutbound: false ' +
    '(CDK adds a rule that matches no traffic) and add egress only to the S3 prefix list of the region ' +
    '(com.amazonaws.<region>.s3, looked up by name), the group itself, or literal ranges within the VPC. A ' +
    'prefix list given by ID or a customer-managed list with other ranges is a destination nobody reviewed.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (r.type === 'AWS::EC2::SecurityGroupEgress') {
      const why = egressOut(model, r.props, model.deref(r.props.GroupId, r.stack), r);
      return findings(why ? [why] : []);
    }
    const egress = r.props.SecurityGroupEgress;
    if (egress === undefined) {
      // CloudFormation drops the default allow-all rule when a separate egress rule is added to the
      // group; without any egress rule the group keeps it (one whose GroupId may name another group
      // does not count).
      const separate = model
        .ofType('AWS::EC2::SecurityGroupEgress')
        .some((e) => model.alwaysRefersTo(e.props.GroupId, r, e.stack));
      return findings(separate ? [] : ['no egress rule: AWS adds allow-all egress']);
    }
    return findings(
      asArray(egress)
        .map((e) => egressOut(model, e, r, r))
        .filter((w): w is string => w !== undefined),
    );
  },
};
