/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { INTERFACE_ENDPOINT_SERVICES } from '../../../config/schema';
import { Statement, allows, asArray, conditionKeys, principals, statements } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';
import { endpointService, isGatewayEndpoint } from './endpoint-service';

/** Allow-everything: anyone, any action, any resource, no condition. */
function allowsEverything(s: Statement): boolean {
  if (!allows(s) || conditionKeys(s).length > 0) return false;
  const anyone = principals(s).some((p) => p.kind === '*') || s.Principal === undefined;
  const anyAction = s.NotAction !== undefined || asArray(s.Action).some((a) => a === '*');
  const anyResource = s.NotResource !== undefined || asArray(s.Resource).some((r) => r === '*');
  return anyone && anyAction && anyResource;
}

export const InterfaceEndpointPolicy: IsolationRule = {
  id: 'VPCE1',
  control: 3,
  types: ['AWS::EC2::VPCEndpoint'],
  info: 'The interface endpoint is for a service outside the allowlist, or has no policy or an allow-everything policy.',
  explanation:
    'An interface endpoint without a policy lets any principal (including one from another account) use ' +
    'the service from inside the VPC, e.g. to write data to their own resources. Open endpoints only for ' +
    `${INTERFACE_ENDPOINT_SERVICES.join(', ')}, and give each a policy that names this account ` +
    '(aws:PrincipalAccount and aws:ResourceAccount conditions).',
  check: (node: CfnResource) => {
    const { props } = inModel(node).r;
    if (isGatewayEndpoint(props)) return NOT_APPLICABLE;
    const service = endpointService(props.ServiceName);
    if (!service || !(INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(service))
      return NON_COMPLIANT;
    const policy = statements(props.PolicyDocument);
    if (policy.length === 0 || policy.some(allowsEverything)) return NON_COMPLIANT;
    return COMPLIANT;
  },
};
