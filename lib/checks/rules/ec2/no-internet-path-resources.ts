import { CfnResource } from 'aws-cdk-lib';
import { IsolationRule, NON_COMPLIANT } from '../../rule';

/**
 * Resources whose purpose is to connect a VPC (or the addresses and instances in it) to something
 * outside it, read from the EC2, VPC and networking types of the CloudFormation resource
 * specification: gateways and their attachments, peering, transit gateways and Cloud WAN, VPN and
 * Direct Connect, local (Outposts) and carrier (Wavelength) gateways, Client VPN, VPC Lattice,
 * endpoint services that expose the VPC, traffic mirroring, dynamic routing, network-interface
 * permissions, accelerators and exclusions from VPC Block Public Access. None has a use in an
 * isolated training network, so their presence alone is a finding.
 */
export const GATEWAY_TYPES = [
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EgressOnlyInternetGateway',
  'AWS::EC2::CarrierGateway',
  'AWS::EC2::VPNGateway',
  'AWS::EC2::CustomerGateway',
  'AWS::EC2::VPNConnection',
  'AWS::EC2::VPNConnectionRoute',
  'AWS::EC2::VPNConcentrator',
  'AWS::EC2::VPNGatewayRoutePropagation',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::GatewayRouteTableAssociation',
  'AWS::EC2::IpPoolRouteTableAssociation',
  'AWS::EC2::TransitGatewayAttachment',
  'AWS::EC2::TransitGatewayVpcAttachment',
  'AWS::EC2::TransitGatewayConnect',
  'AWS::EC2::TransitGatewayPeeringAttachment',
  'AWS::EC2::TransitGatewayMulticastDomainAssociation',
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::LocalGatewayRouteTableVPCAssociation',
  'AWS::EC2::ClientVpnEndpoint',
  'AWS::EC2::ClientVpnTargetNetworkAssociation',
  'AWS::EC2::ClientVpnRoute',
  'AWS::EC2::ClientVpnAuthorizationRule',
  'AWS::EC2::VPCEndpointService',
  'AWS::EC2::VPCEndpointServicePermissions',
  'AWS::EC2::InstanceConnectEndpoint',
  'AWS::EC2::VerifiedAccessEndpoint',
  'AWS::EC2::TrafficMirrorSession',
  'AWS::EC2::TrafficMirrorTarget',
  'AWS::EC2::NetworkInterfacePermission',
  'AWS::EC2::RouteServer',
  'AWS::EC2::RouteServerAssociation',
  'AWS::EC2::RouteServerEndpoint',
  'AWS::EC2::RouteServerPropagation',
  'AWS::EC2::VPCBlockPublicAccessExclusion',
  'AWS::EC2::SecurityGroupVpcAssociation',
  'AWS::NetworkManager::VpcAttachment',
  'AWS::NetworkManager::ConnectAttachment',
  'AWS::NetworkManager::SiteToSiteVpnAttachment',
  'AWS::NetworkManager::DirectConnectGatewayAttachment',
  'AWS::DirectConnect::DirectConnectGatewayAssociation',
  'AWS::DirectConnect::PrivateVirtualInterface',
  'AWS::DirectConnect::TransitVirtualInterface',
  'AWS::DirectConnect::PublicVirtualInterface',
  'AWS::VpcLattice::ServiceNetworkVpcAssociation',
  'AWS::VpcLattice::ResourceGateway',
  'AWS::GlobalAccelerator::EndpointGroup',
  'AWS::GlobalAccelerator::CrossAccountAttachment',
  'AWS::NetworkFirewall::VpcEndpointAssociation',
];

export const NoInternetPathResources: IsolationRule = {
  id: 'NET1',
  control: 1,
  types: GATEWAY_TYPES,
  info: 'The template creates a gateway, attachment, peering, VPN, Lattice association, endpoint service or other connection of the VPC to the outside.',
  explanation:
    'Internet, NAT, egress-only, carrier, local and VPN gateways, transit gateway and Cloud WAN attachments, ' +
    'peering, Direct Connect, Client VPN, VPC Lattice associations and resource gateways, endpoint services, ' +
    'traffic mirroring, route servers, network-interface permissions and VPC Block Public Access exclusions ' +
    'are each a path out of (or into) the isolated network. Remove the resource; training jobs reach S3 through ' +
    'the gateway endpoint (ec2.Vpc with natGateways: 0, createInternetGateway: false, PRIVATE_ISOLATED subnets).',
  // The finding sits on the connecting resource itself: its type and logical ID name the way out.
  check: (_node: CfnResource) => NON_COMPLIANT,
};
