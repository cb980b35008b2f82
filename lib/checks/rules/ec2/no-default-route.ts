/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { flatten } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

const GATEWAY_TARGETS = [
  'GatewayId',
  'NatGatewayId',
  'EgressOnlyInternetGatewayId',
  'TransitGatewayId',
  'VpcPeeringConnectionId',
  'CarrierGatewayId',
  'CoreNetworkArn',
  'InstanceId',
  'NetworkInterfaceId',
  'LocalGatewayId',
];

export const NoRouteOut: IsolationRule = {
  id: 'NET2',
  control: 1,
  types: ['AWS::EC2::Route'],
  info: 'A route sends traffic to 0.0.0.0/0 or ::/0, or through a gateway, instance or peering.',
  explanation:
    'A default route or a route through a gateway, NAT instance, peering or transit gateway lets traffic ' +
    'leave the VPC. Delete the route: isolated subnets need only the local route and the S3 gateway ' +
    "endpoint's prefix-list route, which the endpoint adds itself.",
  check: (node: CfnResource) => {
    const { props } = inModel(node).r;
    const dest = [props.DestinationCidrBlock, props.DestinationIpv6CidrBlock].map(flatten);
    if (dest.includes('0.0.0.0/0') || dest.includes('::/0')) return NON_COMPLIANT;
    return GATEWAY_TARGETS.some((t) => props[t] !== undefined) ? NON_COMPLIANT : COMPLIANT;
  },
};
