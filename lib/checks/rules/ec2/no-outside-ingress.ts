/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray, flatten } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Is CIDR `inner` inside CIDR `outer`? Unknown when either is not a literal IPv4 CIDR. */
export function cidrWithin(inner: string, outer: string): boolean {
  const [ia, ib] = inner.split('/');
  const [oa, ob] = outer.split('/');
  const i = ipv4ToInt(ia);
  const o = ipv4ToInt(oa);
  const il = Number(ib);
  const ol = Number(ob);
  if (i === undefined || o === undefined || !Number.isInteger(il) || !Number.isInteger(ol) || il < ol)
    return false;
  const mask = ol === 0 ? 0 : (~0 << (32 - ol)) >>> 0;
  return (i & mask) >>> 0 === (o & mask) >>> 0;
}

export function vpcCidrs(model: AppModel, sg: ModelResource | undefined): string[] {
  const vpc = sg ? model.deref(sg.props.VpcId, sg.stack) : undefined;
  if (!vpc || vpc.type !== 'AWS::EC2::VPC') return [];
  const extra = model
    .ofType('AWS::EC2::VPCCidrBlock')
    .filter((b) => model.refersTo(b.props.VpcId, vpc, b.stack))
    .map((b) => flatten(b.props.CidrBlock));
  return [flatten(vpc.props.CidrBlock), ...extra];
}

/**
 * A source group admits whatever runs in it: one of the templates' groups is judged with them, any
 * other (by ID or name, or of another account) holds whatever its owner puts there.
 */
function fromOtherGroup(model: AppModel, rule: Json, at: ModelResource): boolean {
  if (rule?.SourceSecurityGroupOwnerId !== undefined) {
    const owner = flatten(rule.SourceSecurityGroupOwnerId);
    if (owner !== AppModel.account(at.stack) && owner !== '${AWS::AccountId}') return true;
  }
  const source: Json = rule?.SourceSecurityGroupId ?? rule?.SourceSecurityGroupName;
  return model.deref(source, at.stack)?.type !== 'AWS::EC2::SecurityGroup';
}

function fromOutside(model: AppModel, rule: Json, cidrs: string[], at: ModelResource): boolean {
  if (rule?.SourceSecurityGroupId !== undefined || rule?.SourceSecurityGroupName !== undefined)
    return fromOtherGroup(model, rule, at);
  if (rule?.SourcePrefixListId !== undefined) return true;
  if (rule?.CidrIpv6 !== undefined) return true;
  if (rule?.CidrIp === undefined) return true;
  const cidr = flatten(rule.CidrIp);
  return !cidrs.some((outer) => cidrWithin(cidr, outer));
}

export const NoOutsideIngress: IsolationRule = {
  id: 'SG2',
  control: 2,
  types: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  info: 'The security group admits traffic from outside its VPC (an address range beyond the VPC CIDR, IPv6 or a prefix list) or from a security group the templates do not define.',
  explanation:
    'Ingress from outside the VPC is a channel to the data from elsewhere. Admit only the group itself ' +
    "(distributed training), another group of the templates, or literal CIDRs within the VPC's own range. A " +
    'source group by ID or name that the templates do not define, or of another account, admits whatever its ' +
    'owner runs in it.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (r.type === 'AWS::EC2::SecurityGroupIngress') {
      const sg = model.deref(r.props.GroupId, r.stack);
      return fromOutside(model, r.props, vpcCidrs(model, sg), r) ? NON_COMPLIANT : COMPLIANT;
    }
    const cidrs = vpcCidrs(model, r);
    return asArray(r.props.SecurityGroupIngress).some((i) => fromOutside(model, i, cidrs, r))
      ? NON_COMPLIANT
      : COMPLIANT;
  },
};
