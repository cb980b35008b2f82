/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { INTERFACE_ENDPOINT_SERVICES } from '../../../config/schema';
import { Json, flatten } from '../../cfn';
import { IsolationRule, inModel } from '../../rule';
import { where } from '../events/render';
import { findings } from '../findings';

/** `com.amazonaws.<region>.<service>` → region and service; PrivateLink services have other shapes. */
function awsService(name: string): { region: string; service: string } | undefined {
  const m = /^com\.amazonaws\.([a-z0-9-]+)\.([a-z0-9.-]+)$/.exec(name);
  if (!m || m[1] === 'vpce') return undefined;
  return { region: m[1], service: m[2] };
}

/** Why an endpoint reaches beyond the services an isolated project may use (empty when it does not). */
export function endpointReach(props: Json, stackRegion: string): string[] {
  const type = props.VpcEndpointType ?? 'Gateway';
  if (props.ServiceNetworkArn !== undefined) return ['endpoint to a VPC Lattice service network'];
  if (props.ResourceConfigurationArn !== undefined)
    return ['endpoint to a resource configuration (another VPC)'];
  const name = flatten(props.ServiceName);
  const parsed = awsService(name.replace(/\$\{AWS::Region\}/g, stackRegion));
  if (!parsed)
    return [`endpoint to ${name || 'an unnamed service'}, not an AWS service (PrivateLink endpoint service)`];
  const reasons: string[] = [];
  const region = props.ServiceRegion === undefined ? parsed.region : flatten(props.ServiceRegion);
  if (stackRegion !== 'REGION' && region !== stackRegion && parsed.region !== 'REGION')
    reasons.push(`endpoint to ${parsed.service} in another region (${region})`);
  if (type === 'Gateway' && parsed.service !== 's3') reasons.push(`gateway endpoint to ${parsed.service}`);
  if (type === 'GatewayLoadBalancer')
    reasons.push('Gateway Load Balancer endpoint (traffic to an appliance)');
  if (type === 'Interface' && !(INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(parsed.service))
    reasons.push(`interface endpoint to ${parsed.service}, not in the allowlist`);
  if (!['Gateway', 'Interface', 'GatewayLoadBalancer'].includes(String(type)))
    reasons.push(`endpoint of type ${flatten(type)}`);
  return reasons;
}

export const EndpointReachesAllowedService: IsolationRule = {
  id: 'VPCE3',
  control: 3,
  types: ['AWS::EC2::VPCEndpoint'],
  info: "The VPC endpoint reaches a service outside the project's allowlist: another account's PrivateLink service, a Lattice network, another region, a gateway other than S3.",
  explanation:
    'An endpoint is a path out of the VPC to whatever sits behind it: a PrivateLink endpoint service or resource ' +
    "configuration is someone else's network, a DynamoDB gateway endpoint reaches every table of every " +
    'account, a Gateway Load Balancer endpoint hands traffic to an appliance. Keep only the S3 gateway endpoint ' +
    `and interface endpoints in the project's region for ${INTERFACE_ENDPOINT_SERVICES.join(', ')}.`,
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    return findings(endpointReach(r.props, where(r.stack).region));
  },
};
