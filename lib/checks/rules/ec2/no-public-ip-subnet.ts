/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, isIntrinsic, isTrue } from '../../cfn';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';

/** True, or a value the template leaves open (a parameter or condition could make it true). */
const mayBeTrue = (v: Json) => isTrue(v) || isIntrinsic(v);

function publicAddresses(type: string, p: Json): string[] {
  switch (type) {
    case 'AWS::EC2::Subnet':
      return [
        ...(mayBeTrue(p.MapPublicIpOnLaunch) ? ['maps public IPv4 addresses on launch'] : []),
        ...(mayBeTrue(p.MapCustomerOwnedIpOnLaunch) || p.CustomerOwnedIpv4Pool !== undefined
          ? ['maps customer-owned (Outposts) addresses on launch']
          : []),
        ...(p.Ipv6CidrBlock !== undefined ||
        p.Ipv6IpamPoolId !== undefined ||
        mayBeTrue(p.AssignIpv6AddressOnCreation)
          ? ['has globally routable IPv6 addresses']
          : []),
      ];
    case 'AWS::EC2::VPCCidrBlock':
    case 'AWS::EC2::SubnetCidrBlock':
      return mayBeTrue(p.AmazonProvidedIpv6CidrBlock) ||
        p.Ipv6Pool !== undefined ||
        p.Ipv6IpamPoolId !== undefined ||
        p.Ipv6CidrBlock !== undefined
        ? ['adds a globally routable IPv6 range']
        : [];
    case 'AWS::EC2::EIP':
      return ['allocates a public (Elastic) IP address'];
    case 'AWS::EC2::EIPAssociation':
      return ['associates a public (Elastic) IP address'];
    default:
      return [];
  }
}

export const NoPublicIpSubnet: IsolationRule = {
  id: 'NET3',
  control: 1,
  types: [
    'AWS::EC2::Subnet',
    'AWS::EC2::VPCCidrBlock',
    'AWS::EC2::SubnetCidrBlock',
    'AWS::EC2::EIP',
    'AWS::EC2::EIPAssociation',
  ],
  info: 'The subnet or resource gives addresses in the VPC a public or otherwise routable address (public IPv4, Elastic IP, customer-owned IP, IPv6).',
  explanation:
    'A public, customer-owned or global IPv6 address is one route away from the internet or an on-premises ' +
    'network. Set MapPublicIpOnLaunch and MapCustomerOwnedIpOnLaunch to false, give the VPC and its subnets ' +
    'no IPv6 range, and allocate no Elastic IPs (CDK: SubnetType.PRIVATE_ISOLATED, no ipv6 addresses).',
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    return findings(publicAddresses(r.type, r.props));
  },
};
