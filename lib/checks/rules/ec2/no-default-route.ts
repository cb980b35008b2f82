/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */

import { CfnResource } from 'aws-cdk-lib';
import { flatten } from '../../cfn';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';

/** Every target a route can take (AWS::EC2::Route). */
const TARGETS = [
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
  'VpcEndpointId',
  'OdbNetworkArn',
];

/**
 * Why a route leaves the VPC. An isolated subnet needs only the local route (implicit, or written
 * `GatewayId: local`) and the S3 gateway endpoint's prefix-list route, which the endpoint adds itself:
 * any other route sends traffic to a gateway, an appliance, an instance or another network.
 */
export function routeOut(props: Record<string, unknown>): string | undefined {
  const target = TARGETS.find((t) => props[t] !== undefined);
  if (target === 'GatewayId' && flatten(props.GatewayId) === 'local') return undefined;
  const dest = [props.DestinationCidrBlock, props.DestinationIpv6CidrBlock, props.DestinationPrefixListId]
    .filter((d) => d !== undefined)
    .map(flatten)
    .join(' ');
  return target
    ? `${dest || 'route'} via ${target} ${flatten(props[target])}`
    : `${dest || 'route'} with no known target`;
}

export const NoRouteOut: IsolationRule = {
  id: 'NET2',
  control: 1,
  types: ['AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation'],
  info: 'A route sends traffic somewhere other than the VPC itself: a gateway, endpoint, instance, interface, peering or network; or a subnet uses a route table whose routes the templates do not show.',
  explanation:
    'A default route, or any route through a gateway, NAT instance, network interface, Gateway Load Balancer or ' +
    'firewall endpoint, peering, transit gateway or core network, lets traffic leave the VPC. Delete the route: ' +
    "isolated subnets need only the local route and the S3 gateway endpoint's prefix-list route, which the " +
    'endpoint adds itself. Associate subnets only with route tables of the templates: the routes of any ' +
    'other table (rtb-... by ID) are whatever its owner put there.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (r.type === 'AWS::EC2::SubnetRouteTableAssociation') {
      const table = model.deref(r.props.RouteTableId, r.stack);
      return findings(
        table?.type === 'AWS::EC2::RouteTable'
          ? []
          : [`route table ${flatten(r.props.RouteTableId)}, whose routes the templates do not show`],
      );
    }
    const why = routeOut(r.props);
    return findings(why ? [why] : []);
  },
};
