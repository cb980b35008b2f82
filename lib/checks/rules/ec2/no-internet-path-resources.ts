import { CfnResource } from 'aws-cdk-lib';
import { IsolationRule, NON_COMPLIANT } from '../../rule';

/** Resources whose only purpose is to connect a VPC to something outside it. */
export const GATEWAY_TYPES = [
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EgressOnlyInternetGateway',
  'AWS::EC2::VPNGateway',
  'AWS::EC2::CustomerGateway',
  'AWS::EC2::VPNConnection',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::TransitGatewayAttachment',
  'AWS::EC2::TransitGatewayVpcAttachment',
  'AWS::EC2::VPCPeeringConnection',
];

export const NoInternetPathResources: IsolationRule = {
  id: 'NET1',
  control: 1,
  types: GATEWAY_TYPES,
  info: 'The template creates a gateway, attachment or peering that connects the VPC to the outside.',
  explanation:
    'Internet, NAT, egress-only and VPN gateways, transit gateway attachments and peering connections are ' +
    'each a path out of the isolated network. Remove the resource; training jobs reach S3 through the ' +
    'gateway endpoint (ec2.Vpc with natGateways: 0, createInternetGateway: false, PRIVATE_ISOLATED subnets).',
  check: (_node: CfnResource) => NON_COMPLIANT,
};
